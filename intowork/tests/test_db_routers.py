"""Reads go to a replica until the request writes; writes always go to the primary."""

import pytest
from django.db import router
from django.test import RequestFactory

from intowork.db_routers import PrimaryPinningMiddleware, PrimaryReplicaRouter
from jobs.models import Job
from jobs.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = ["replica_1"]
    settings.DATABASE_ROUTERS = ["intowork.db_routers.PrimaryReplicaRouter"]


def serve(method: str, view):
    request = getattr(RequestFactory(), method.lower())("/")
    return PrimaryPinningMiddleware(view)(request)


def test_a_reading_request_reads_from_a_replica(replicas):
    assert serve("GET", lambda request: Job.objects.all().db) == "replica_1"


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(replicas):
    company = CompanyFactory()  # written before the request: not part of it

    def view(request):
        before = Job.objects.all().db
        company.description = "Updated"
        company.save()
        return before, Job.objects.all().db, router.db_for_write(Job)

    assert serve("GET", view) == ("replica_1", "default", "default")
    # The next request starts unpinned again.
    assert serve("GET", lambda request: Job.objects.all().db) == "replica_1"


def test_a_request_that_may_write_reads_from_the_primary_throughout(replicas):
    assert serve("POST", lambda request: Job.objects.all().db) == "default"


def test_without_replicas_everything_is_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    assert PrimaryReplicaRouter().db_for_read(Job) == "default"
    assert PrimaryReplicaRouter().allow_migrate("replica_1", "jobs") is False
