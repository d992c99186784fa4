"""The employer's pipeline in a real browser (Playwright driving Debian's Chromium)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from candidates.tests.factories import CandidateProfileFactory, CVFactory
from jobs.models import Application, ApplicationStatus
from jobs.services import application_submit
from jobs.tests.factories import EmployerFactory, JobFactory

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"employer-{name}.png", full_page=True)


def test_employer_moves_application_to_interview_and_candidate_sees_it(login_page):
    employer = EmployerFactory(user=UserFactory(role=Role.EMPLOYER, first_name="Eve", last_name="Martin"))
    job = JobFactory(company=employer.company, title="Pastry chef")
    candidate = CandidateProfileFactory(user=UserFactory(first_name="Grace", last_name="Hopper"))
    application = application_submit(
        candidate=candidate, job=job, cv=CVFactory(candidate=candidate), cover_letter="I bake at dawn."
    )

    page = login_page(employer.user)
    page.goto("/dashboard/")  # the role's dashboard sends employers to /employer/
    page.get_by_role("heading", name="Dashboard").wait_for()
    expect(page.locator("#applications-chart rect.bar")).to_have_count(30)
    expect(page.locator("#funnels")).to_contain_text("Pastry chef")
    screenshot(page, "dashboard")

    page.locator("#funnels").get_by_role("link", name="Pastry chef").click()
    page.get_by_role("heading", name="Applications for Pastry chef").wait_for()
    screenshot(page, "applications")
    page.get_by_role("link", name="Grace Hopper").click()
    status = page.locator("#application-status")
    expect(status.locator(".badge")).to_have_text("Viewed")  # opening it marked it viewed

    # The moves swap the status panel in place: a marker set on the page survives them.
    page.evaluate("window.notReloaded = true")
    status.get_by_label("Move to").select_option(label="Shortlisted")
    status.get_by_role("button", name="Move").click()
    expect(status.locator(".badge")).to_have_text("Shortlisted")
    status.get_by_label("Move to").select_option(label="Interview")
    status.get_by_label("Private note").fill("Tasting session on Tuesday")
    status.get_by_role("button", name="Move").click()
    expect(status.locator(".badge")).to_have_text("Interview")
    expect(status.get_by_role("status")).to_have_text("Moved to Interview.")
    expect(page.locator("#application-history li")).to_have_count(4)  # applied, viewed, shortlisted, interview
    expect(page.locator("#application-history")).to_contain_text("Tasting session on Tuesday")
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "application-interview")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.INTERVIEW

    # The candidate signs in and sees the news: two unread notifications and the new status.
    page.context.clear_cookies()
    login_page(candidate.user)
    page.goto("/applications/")
    expect(page.locator("#notification-badge")).to_contain_text("2")
    card = page.locator(f"#application-{application.pk}")
    expect(card.locator(".badge")).to_have_text("Interview")
    assert "Tasting session" not in page.content()  # the note is the company's, never the candidate's
    screenshot(page, "candidate-applications")
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_role("link", name="Your application for Pastry chef: Interview")).to_be_visible()
    screenshot(page, "candidate-notifications")
