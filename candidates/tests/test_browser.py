"""The candidate's journey in a real browser (Playwright driving Debian's Chromium)."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.models import User
from candidates.models import SavedJob
from candidates.tests.factories import PDF_BYTES, CandidateProfileFactory, SkillFactory
from jobs.models import Application, ApplicationStatus
from jobs.services import application_change_status
from jobs.tests.factories import EmployerFactory, JobFactory

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PASSWORD = "a-long-unusual-passphrase-42"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"candidate-{name}.png", full_page=True)


def test_candidate_signs_up_verifies_fills_the_profile_uploads_a_cv_and_applies(page, live_server):
    employer = EmployerFactory()
    job = JobFactory(company=employer.company, title="Django developer")

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("grace@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Looking for a job").check()
    screenshot(page, "signup")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Confirm").click()
    page.locator("#id_login").fill("grace@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Dashboard").wait_for()
    screenshot(page, "dashboard-empty")

    page.get_by_role("link", name="Profile", exact=True).click()
    page.locator("#id_headline").fill("Python developer")
    page.locator("#id_location").fill("Lyon")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    page.locator("#id_skill-name").fill("Django")
    page.locator("#skills-panel").get_by_role("button", name="Add").click()
    page.get_by_role("button", name="Remove Django").wait_for()  # added by htmx, no reload
    screenshot(page, "profile")

    page.get_by_role("link", name=re.compile("My CVs?")).click()
    page.get_by_label("File").set_input_files({"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    page.get_by_label("Title").fill("CV 2026")
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("Your CV is uploaded.").wait_for()

    page.goto(job.get_absolute_url())
    page.get_by_role("link", name="Apply").click()
    page.get_by_label("Cover letter").fill("I build Django sites for a living.")
    screenshot(page, "apply")
    page.get_by_role("button", name="Send my application").click()
    page.get_by_text("Your application to Django developer is sent").wait_for()
    screenshot(page, "applications")

    user = User.objects.get(email="grace@example.com")
    application = Application.objects.get(candidate__user=user, job=job)
    assert application.cv.title == "CV 2026"

    # The employer moves it to interview: the candidate sees the notification and the new status.
    application_change_status(application=application, to=ApplicationStatus.INTERVIEW, by=employer.user)
    page.goto("/applications/")
    page.locator(f"#application-{application.pk}").get_by_text("Interview").first.wait_for()
    badge = page.locator("#notification-badge")
    assert badge.inner_text().startswith("1")
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    page.get_by_role("button", name=re.compile("^Mark as read")).click()
    page.locator("#notification-badge .badge").wait_for(state="detached")  # htmx updated the badge
    screenshot(page, "notifications")


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
    screenshot(page, "saved-jobs")
