"""Schemathesis against the live OpenAPI schema, in process (WSGI), on a small seeded world:
no server error and no response that breaks the schema, for every operation, signed in as
the role the operation is for, on random ids and on real ones."""

import re

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.views import APIView
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from alerts.tests.factories import AlertFactory
from candidates.tests.factories import (
    CandidateProfileFactory,
    CVFactory,
    EducationFactory,
    ExperienceFactory,
    SavedJobFactory,
    SkillFactory,
)
from hiring.models import BulkMove, Interview, MessageTemplate
from intowork.tests.test_api_permissions import token_for
from intowork.wsgi import application
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def seeded():
    """A candidate with a full profile who applied to a job, and that job's employer."""
    candidate = CandidateProfileFactory()
    employer = MembershipFactory()
    job = JobFactory(company=employer.company)
    cv = CVFactory(candidate=candidate, is_default=True)
    ApplicationFactory(candidate=candidate, job=job, cv=cv)
    JobFactory(company=employer.company, draft=True, salary_min=1, salary_max=2)
    for _ in range(2):
        ExperienceFactory(candidate=candidate)
        EducationFactory(candidate=candidate)
        SkillFactory(candidate=candidate)
        SavedJobFactory(candidate=candidate, job=JobFactory())
    AlertFactory(user=candidate.user)
    real_ids = {
        "companies": {"slug": employer.company.slug},
        "saved-jobs": {"job": job.pk},
    }
    return candidate, employer, real_ids


def real_path_parameters(path, candidate, employer, real_ids):
    """Ids of rows the caller may see, by the collection the path names."""
    collection = re.search(r"/api/v1/(?:me/|employer/)?([\w-]+)/\{", path)
    if collection is None:
        return None
    name = collection.group(1)
    if name in real_ids:
        return real_ids[name]
    rows = {
        "jobs": employer.company.jobs.order_by("pk"),
        "experiences": candidate.experiences.all(),
        "educations": candidate.educations.all(),
        "skills": candidate.skills.all(),
        "cvs": candidate.cvs.all(),
        "applications": candidate.applications.all(),
        "notifications": employer.user.notifications.all(),
        "interviews": Interview.objects.filter(candidate=candidate),
        "bulk-moves": BulkMove.objects.filter(moved_by=employer.user),
        "message-templates": MessageTemplate.objects.filter(company=employer.company),
        "alerts": candidate.user.alerts.all(),
    }[name]
    row = rows.first()
    return {"id": row.pk if row else 0}


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("wsgi_keeps_the_test_connection")
def test_no_server_error_and_every_response_matches_the_schema(seeded, monkeypatch):
    candidate, employer, real_ids = seeded
    monkeypatch.setattr(APIView, "get_throttles", lambda view: [])  # thousands of calls in a minute
    tokens = {"candidate": token_for(candidate.user), "employer": token_for(employer.user)}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40

    for operation in operations:
        is_employers = operation.path.startswith("/api/v1/employer/") or operation.path.endswith("/status/")
        headers = {"X-Session-Token": tokens["employer" if is_employers else "candidate"]}
        strategies = [operation.as_strategy()]
        real = real_path_parameters(operation.path, candidate, employer, real_ids)
        if real is not None:
            strategies.append(operation.as_strategy(path_parameters=real))

        for strategy in strategies:
            fuzz(strategy, headers)


def fuzz(strategy, headers):
    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        cache.clear()
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    check()
