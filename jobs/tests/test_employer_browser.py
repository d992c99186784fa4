"""The employer's journey in a real browser (Playwright driving Debian's Chromium)."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.models import User
from jobs.models import Employer, Job, JobStatus, MemberRole

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PASSWORD = "a-long-unusual-passphrase-42"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"employer-{name}.png", full_page=True)


def test_employer_posts_and_publishes_a_job(page, live_server):
    page.goto("/accounts/signup/")
    page.get_by_label("Hiring").check()
    page.get_by_label("Email").fill("hr@acme.example")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Confirm").click()
    page.locator("#id_login").fill("hr@acme.example")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # No company yet: the employer's home says how to get one.
    page.get_by_role("heading", name="Welcome! First, your company").wait_for()
    screenshot(page, "no-company")
    page.get_by_role("link", name="Create the company").click()
    page.locator("#id_name").fill("Acme Bakery")
    page.locator("#id_description").fill("Bread and pastries since 1920.")
    page.locator("#id_location").fill("Lyon")
    page.locator("#id_size").select_option("11-50")
    screenshot(page, "company-form")
    page.get_by_role("button", name="Create the company").click()
    page.get_by_text("Acme Bakery is created.").wait_for()
    user = User.objects.get(email="hr@acme.example")
    assert Employer.objects.get(user=user).role == MemberRole.OWNER

    # A draft first, without the salary yet.
    page.get_by_role("link", name="Post a job").first.click()
    page.locator("#id_title").fill("Pastry chef")
    page.locator("#id_description").fill("Croissants, every morning, for the whole neighbourhood.")
    page.locator("#id_skills").fill("Pastry, Viennoiserie")
    page.locator("#id_location").fill("Lyon")
    page.locator("#id_expires_at").fill("2099-12-31")
    screenshot(page, "job-form")
    page.get_by_role("button", name="Save draft").click()

    # The preview shows the job as candidates will see it, not published yet.
    page.get_by_text("Preview — not published").wait_for()
    page.get_by_role("heading", name="Pastry chef").wait_for()
    screenshot(page, "job-preview")
    job = Job.objects.get(title="Pastry chef")
    assert job.status == JobStatus.DRAFT and job.skills == ["Pastry", "Viennoiserie"]

    # Publishing needs the salary range: the form says so, next to the field.
    page.get_by_role("button", name="Publish").click()
    salary_error = page.locator("#id_salary_min_error")
    salary_error.wait_for()
    assert "pay transparency" in salary_error.inner_text()
    screenshot(page, "publish-refused")
    page.locator("#id_salary_min").fill("32000")
    page.locator("#id_salary_max").fill("38000")
    page.get_by_role("button", name="Save and publish").click()

    page.get_by_text("Pastry chef is published").wait_for()
    page.get_by_text("Published: candidates see this page.").wait_for()
    screenshot(page, "job-published")
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED and (job.salary_min, job.salary_max) == (32000, 38000)

    # Candidates now find it on its public page.
    page.get_by_role("link", name="Open the public page").click()
    page.get_by_role("heading", name="Pastry chef").wait_for()
    assert "32,000–38,000 EUR" in page.locator("aside").inner_text()
