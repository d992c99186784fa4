"""The benchmark commands run end to end on a small data set (their figures are for seeded
databases; here they must only work and print a row per page)."""

import io

import pytest
from django.core.management import call_command

from jobs.services import application_mark_viewed, application_submit
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(candidate, employer):
    application = application_submit(candidate=candidate, job=JobFactory(company=employer.company))
    return application_mark_viewed(application=application, by=employer.user)


def run(command: str, **options) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def test_benchmark_employer_times_every_employer_page(applied):
    output = run("benchmark_employer", companies=1, repeat=1)
    assert "1 companies, 1 to 1 applications each" in output
    for page in ("/employer/ (dashboard)", "/employer/jobs/", "/employer/company/", "/employer/applications/[id]/"):
        assert page in output


def test_benchmark_candidate_times_every_candidate_page(applied):
    output = run("benchmark_candidate", candidates=1)
    assert "1 candidates, 1 to 1 applications each" in output
    assert "/applications/?status=interview" in output
