"""What users see when a dependency fails: a served page or a clear 503, never a hang or a 500."""

import json
import time

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import RequestFactory

from intowork.middleware import DatabaseUnavailableMiddleware
from jobs.api.search import PublicRateThrottle

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


def test_cache_down_falls_back_to_the_process_memory_not_an_error(settings):
    settings.CACHES = REDIS_DOWN
    cache = caches["default"]
    cache.clear()
    started = time.perf_counter()
    cache.set("k", "v")
    assert cache.degraded
    assert cache.get("k", "fallback") == "v"
    assert cache.add("k", "other") is False
    assert cache.get_many(["k", "b"]) == {"k": "v"}
    cache.delete("k")
    assert cache.get("k", "fallback") == "fallback"
    # One connection attempt, then Redis is left alone for a while: no timeout per call.
    assert time.perf_counter() - started < 5


@pytest.mark.django_db
def test_rate_limits_hold_with_redis_down(client, settings, user):
    """allauth's login limit still counts (per process) when Redis cannot be reached."""
    settings.CACHES = REDIS_DOWN
    caches["default"].clear()
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    refused = [
        "Too many failed login attempts"
        in client.post("/accounts/login/", {"login": user.email, "password": "wrong"}).text
        for _ in range(4)
    ]
    assert refused == [False, False, False, True]


@pytest.mark.django_db
def test_api_throttles_hold_with_redis_down(client, settings, monkeypatch):
    settings.CACHES = REDIS_DOWN
    caches["default"].clear()
    monkeypatch.setattr(PublicRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "5/min"})
    answers = [client.get("/api/v1/jobs/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


@pytest.mark.django_db
def test_pages_are_served_with_the_cache_down(client, settings):
    settings.CACHES = REDIS_DOWN
    assert client.get("/jobs/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
