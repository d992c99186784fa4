"""What users see when a dependency fails: a served page or a clear 503, never a hang or a 500."""

import json
import time

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import RequestFactory

from intowork.middleware import DatabaseUnavailableMiddleware

REDIS_DOWN = {
    "default": {
        "BACKEND": "intowork.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def test_database_failure_is_a_503_with_retry_after():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/jobs/"), OperationalError("server closed"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Back in a moment" in response.content


def test_database_failure_on_the_api_is_a_json_503():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/api/v1/jobs/"), OperationalError("down"))
    assert response.status_code == 503
    assert json.loads(response.content)["error"]["code"] == "unavailable"


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("bug")) is None


def test_cache_down_is_a_miss_not_an_error(settings):
    settings.CACHES = REDIS_DOWN
    cache = caches["default"]
    started = time.perf_counter()
    cache.set("k", "v")
    assert cache.get("k", "fallback") == "fallback"
    assert cache.add("k", "v") is False
    assert cache.get_many(["a", "b"]) == {}
    assert time.perf_counter() - started < 5


@pytest.mark.django_db
def test_pages_are_served_with_the_cache_down(client, settings):
    settings.CACHES = REDIS_DOWN
    assert client.get("/jobs/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
