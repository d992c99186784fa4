import logging
import time

import pytest
from django.db import OperationalError

from intowork import views

pytestmark = pytest.mark.django_db(transaction=True)


def test_healthz_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_readyz_is_503_when_the_database_fails(client, monkeypatch):
    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "_database_answers", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_readyz_answers_within_its_bound_when_the_database_hangs(client, monkeypatch):
    monkeypatch.setattr(views, "READINESS_TIMEOUT_S", 0.2)
    monkeypatch.setattr(views, "_database_answers", lambda: time.sleep(1) or True)
    started = time.perf_counter()
    response = client.get("/readyz")
    assert time.perf_counter() - started < 0.8
    assert response.status_code == 503
    assert response.json()["database"] == "timeout"


def test_readyz_is_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"


def test_request_id_is_returned_or_made(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"})
    assert response["X-Request-ID"] == "lb-1234abcd"
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})["X-Request-ID"]
    assert len(generated) == 32 and generated != "bad id with spaces"


def test_log_lines_carry_the_request_id():
    from intowork.middleware import RequestIdLogFilter, request_id_var

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    token = request_id_var.set("abc12345")
    try:
        RequestIdLogFilter().filter(record)
    finally:
        request_id_var.reset(token)
    assert record.request_id == "abc12345"
