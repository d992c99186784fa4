"""Connections carry web-sized limits as startup options, so a pooled connection never leaks a SET."""

import pytest
from django.conf import settings
from django.db import OperationalError, connection, transaction

pytestmark = pytest.mark.django_db


def show(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_web_connections_have_short_statement_and_lock_timeouts():
    assert show("statement_timeout") == "5s"
    assert show("lock_timeout") == "2s"
    assert settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"] >= 2
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 5


def test_a_statement_over_the_limit_is_cancelled():
    with (
        pytest.raises(OperationalError, match="statement timeout"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL statement_timeout = '50ms'")  # LOCAL: undone with the transaction
        cursor.execute("SELECT pg_sleep(1)")
    assert show("statement_timeout") == "5s"
