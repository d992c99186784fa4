"""Candidate pages in a real browser (Playwright driving Debian's Chromium) that the hiring
journey (intowork/tests/test_hiring_journey_browser.py) does not walk."""

import pytest

from candidates.models import SavedJob
from candidates.tests.factories import CandidateProfileFactory, SkillFactory
from intowork.tests.browser import screenshot
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.browser


def test_bookmark_toggles_with_htmx(login_page):
    candidate = CandidateProfileFactory(headline="Go developer")
    SkillFactory(candidate=candidate, name="Golang")
    job = JobFactory(title="Golang engineer", skills=["Golang"])
    page = login_page(candidate.user)
    page.goto("/dashboard/")
    page.get_by_role("button", name="☆ Save Golang engineer").click()
    page.get_by_role("button", name="★ Saved Golang engineer").wait_for()
    assert SavedJob.objects.filter(candidate=candidate, job=job).exists()
    page.get_by_role("link", name="Saved jobs").first.click()
    page.get_by_role("heading", name="Golang engineer").wait_for()
    screenshot(page, "candidate-saved-jobs")
