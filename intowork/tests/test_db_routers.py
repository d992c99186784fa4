"""Reads go to a replica until the request (or the client, a moment ago) wrote; writes always go
to the primary; a reading request that fails on a replica is served from the primary.
The same on a real streaming replica: intowork/tests/test_cluster.py."""

import pytest
from django.db import OperationalError, router
from django.http import HttpResponse
from django.test import RequestFactory

from intowork import db_routers
from intowork.db_routers import RECENT_WRITE_COOKIE, PrimaryPinningMiddleware, PrimaryReplicaRouter
from intowork.middleware import DatabaseUnavailableMiddleware
from jobs.models import Job
from jobs.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def replicas(settings, monkeypatch):
    settings.DATABASE_REPLICAS = ["replica_1"]
    settings.DATABASE_ROUTERS = ["intowork.db_routers.PrimaryReplicaRouter"]
    monkeypatch.setattr(db_routers, "_replica_skipped_until", {})


def serve(method: str, view, cookies=None) -> HttpResponse:
    """``view`` through PrimaryPinningMiddleware and DatabaseUnavailableMiddleware, as Django runs them."""
    request = getattr(RequestFactory(), method.lower())("/")
    request.COOKIES.update(cookies or {})
    unavailable = DatabaseUnavailableMiddleware(view)

    def handler(request):
        try:
            return view(request)
        except OperationalError as error:
            return unavailable.process_exception(request, error)

    return PrimaryPinningMiddleware(handler)(request)


def reads_from(method: str, cookies=None) -> str:
    seen = []

    def view(request):
        seen.append(Job.objects.all().db)
        return HttpResponse()

    serve(method, view, cookies)
    return seen[0]


def test_a_reading_request_reads_from_a_replica(replicas):
    assert reads_from("GET") == "replica_1"


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(replicas):
    company = CompanyFactory()  # written before the request: not part of it
    seen = []

    def view(request):
        seen.append(Job.objects.all().db)
        company.description = "Updated"
        company.save()
        seen.extend([Job.objects.all().db, router.db_for_write(Job)])
        return HttpResponse()

    response = serve("GET", view)
    assert seen == ["replica_1", "default", "default"]
    # The same client's next requests read from the primary for a few seconds (the cookie),
    # another client's from the replica.
    cookie = response.cookies[RECENT_WRITE_COOKIE]
    assert cookie["max-age"] == 5
    assert cookie["httponly"]
    assert reads_from("GET", {RECENT_WRITE_COOKIE: cookie.value}) == "default"
    assert reads_from("GET") == "replica_1"


def test_a_request_that_did_not_write_sets_no_cookie(replicas):
    assert RECENT_WRITE_COOKIE not in serve("GET", lambda request: HttpResponse(Job.objects.all().db)).cookies


def test_a_request_that_may_write_reads_from_the_primary_throughout(replicas):
    assert reads_from("POST") == "default"


def test_a_reading_request_that_fails_on_a_replica_is_served_from_the_primary(replicas, settings):
    seen = []

    def view(request):
        database = Job.objects.all().db
        seen.append(database)
        if database == "replica_1":
            raise OperationalError("connection refused")
        return HttpResponse("from the primary")

    response = serve("GET", view)
    assert (response.status_code, response.content, seen) == (200, b"from the primary", ["replica_1", "default"])
    # The replica is left out for a while, then tried again.
    assert reads_from("GET") == "default"
    db_routers._replica_skipped_until["replica_1"] = 0
    assert reads_from("GET") == "replica_1"


def test_a_writing_request_that_fails_is_not_served_again(replicas):
    calls = []

    def view(request):
        calls.append(Job.objects.all().db)
        raise OperationalError("connection refused")

    assert serve("POST", view).status_code == 503
    assert calls == ["default"]


def test_a_failure_on_the_primary_is_a_503_once_the_primary_was_tried(replicas):
    calls = []

    def view(request):
        calls.append(Job.objects.all().db)
        raise OperationalError("connection refused")

    assert serve("GET", view).status_code == 503
    assert calls == ["replica_1", "default"]


def test_without_replicas_everything_is_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    assert PrimaryReplicaRouter().db_for_read(Job) == "default"
    assert PrimaryReplicaRouter().allow_migrate("replica_1", "jobs") is False
    assert RECENT_WRITE_COOKIE not in serve("POST", lambda request: HttpResponse(CompanyFactory().pk)).cookies
