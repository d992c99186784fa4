"""The benchmark commands run end to end on a small data set (their figures are for seeded
databases; here they must only work and print a row per page)."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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


def test_benchmark_pages_times_every_page_of_each_role(applied):
    output = run("benchmark_pages", users=1, repeat=1, target_ms=60_000)
    assert "1 candidates, 1 to 1 applications" in output
    assert "1 companies, 1 to 1 applications" in output
    for role, page in [
        ("anonymous", "/api/v1/jobs/?q=engineer"),
        ("candidate", "/dashboard/"),
        ("candidate", "/applications/?status=interview"),
        ("candidate", "recommendations (queries only)"),
        ("employer", "/employer/ (dashboard)"),
        ("employer", "/employer/applications/[id]/"),
    ]:
        assert re.search(rf"^{role} +{re.escape(page)} +2 ", output, re.MULTILINE), (role, page)
    assert "Every page's p50 within 60000 ms." in output
    assert output.count("Load average:") == 2


def test_benchmark_pages_fails_loudly_past_the_target(applied):
    with pytest.raises(CommandError, match=r"pages past the 0.001 ms p50 target:\n  candidate /dashboard/: p50"):
        run("benchmark_pages", users=1, repeat=0, target_ms=0.001, role=["candidate"])


def test_benchmark_search_breakdown_times_each_search_first_time(applied):
    output = run("benchmark_search", breakdown=True, rounds=1)
    assert re.search(r"^  API  common word +q=engineer +[\d.]+ +[\d.]+ +[\d.]+ +\d+$", output, re.MULTILINE)
    assert re.search(r"^  HTML deep page +page=40 ", output, re.MULTILINE)
    assert output.count("Load average:") == 2
