"""The whole hiring story in one browser, through the pages only: no factory data and no
service call between the steps, so every hand-over (a published job reaching the search, an
application reaching the employer, a move reaching the candidate) is the site's own.

An employer signs up, creates the company, drafts a job, previews it and publishes it with
its salary; being a new company's first job, it waits for a staff member, who approves it
in the admin's review queue; a candidate signs up, fills the profile, uploads a CV, finds the job through the
search box and applies; the employer sees the application and moves it to interview; the
candidate sees the notification and the new status. Screenshots: artifacts/journey-*.png.
Along the way the browser logs no error and the Content Security Policy refuses nothing.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.tests.factories import StaffFactory, totp_code
from candidates.tests.factories import PDF_BYTES
from intowork.tests.browser import PASSWORD, screenshot, sign_in, sign_out, sign_up_and_verify, watch_console
from jobs.models import Application, ApplicationStatus

pytestmark = pytest.mark.browser

EMPLOYER = "hr@acme.example"
CANDIDATE = "grace@example.com"
STAFF = "moderator@intowork.example"
NOTE = "Tasting session on Tuesday"


def test_a_job_is_posted_found_applied_to_and_the_candidate_hears_of_the_interview(page):
    console = watch_console(page)
    employer_posts_and_publishes_a_job(page)
    sign_out(page, EMPLOYER)
    staff_approves_the_job(page)
    candidate_finds_the_job_and_applies(page)
    sign_out(page, CANDIDATE)
    employer_moves_the_application_to_interview(page)
    sign_out(page, EMPLOYER)
    candidate_sees_the_interview(page)

    application = Application.objects.get(candidate__user__email=CANDIDATE, job__title="Pastry chef")
    assert application.status == ApplicationStatus.INTERVIEW and application.cv.title == "CV 2026"
    console.assert_clean()


def employer_posts_and_publishes_a_job(page):
    sign_up_and_verify(page, EMPLOYER, "Hiring", screenshot_name="journey-signup")

    # No company yet: the employer's home says how to get one.
    page.get_by_role("heading", name="Welcome! First, your company").wait_for()
    page.get_by_role("link", name="Create the company").click()
    page.locator("#id_name").fill("Acme Bakery")
    page.locator("#id_description").fill("Bread and pastries since 1920.")
    page.locator("#id_location").fill("Lyon")
    page.locator("#id_size").select_option("11-50")
    page.get_by_role("button", name="Create the company").click()
    page.get_by_text("Acme Bakery is created.").wait_for()

    # A draft first, without the salary yet.
    page.get_by_role("link", name="Post a job").first.click()
    page.locator("#id_title").fill("Pastry chef")
    page.locator("#id_description").fill("Croissants, every morning, for the whole neighbourhood.")
    page.locator("#id_skills").fill("Pastry, Viennoiserie")
    page.locator("#id_location").fill("Lyon")
    page.locator("#id_expires_at").fill("2099-12-31")
    screenshot(page, "journey-job-form")
    page.get_by_role("button", name="Save draft").click()

    # The preview shows the job as candidates will see it, not published yet.
    page.get_by_text("Preview — not published").wait_for()
    expect(page.get_by_role("heading", name="Pastry chef")).to_be_visible()
    screenshot(page, "journey-job-preview")

    # Publishing needs the salary range: the form says so, next to the field.
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#id_salary_min_error")).to_contain_text("pay transparency")
    screenshot(page, "journey-publish-refused")
    page.locator("#id_salary_min").fill("32000")
    page.locator("#id_salary_max").fill("38000")
    page.get_by_role("button", name="Save and publish").click()
    # A new company's first job: public once our staff approve it, and the employer is told so.
    page.get_by_text("Pastry chef is saved and waits for approval by our team").wait_for()
    page.get_by_text("Waiting for approval", exact=True).first.wait_for()
    screenshot(page, "journey-job-waiting")


def staff_approves_the_job(page):
    staff = StaffFactory(email=STAFF)
    staff.set_password(PASSWORD)
    staff.save()
    EmailAddress.objects.create(user=staff, email=STAFF, verified=True, primary=True)
    sign_in(page, STAFF)
    # Staff sign in with their authenticator app's code too (the admin requires it).
    page.locator("#id_code").fill(totp_code())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url)
    page.goto("/admin/moderation/jobforreview/")
    row = page.locator("#result_list tbody tr", has_text="Pastry chef")
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("approve")
    page.get_by_role("button", name="Run").click()
    page.get_by_role("button", name="Approve these jobs").click()
    page.get_by_text("1 job approved.").wait_for()
    screenshot(page, "journey-staff-approves")
    page.context.clear_cookies()  # signed out


def candidate_finds_the_job_and_applies(page):
    sign_up_and_verify(page, CANDIDATE, "Looking for a job")
    page.get_by_role("heading", name="Dashboard").wait_for()
    screenshot(page, "journey-candidate-dashboard")

    page.get_by_role("link", name="Profile", exact=True).click()
    page.locator("#id_headline").fill("Pastry cook")
    page.locator("#id_location").fill("Lyon")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    page.locator("#id_skill-name").fill("Viennoiserie")
    page.locator("#skills-panel").get_by_role("button", name="Add").click()
    page.get_by_role("button", name="Remove Viennoiserie").wait_for()  # added by htmx, no reload
    screenshot(page, "journey-profile")

    page.get_by_role("link", name=re.compile("My CVs?")).click()
    page.get_by_label("File").set_input_files({"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    page.get_by_label("Title").fill("CV 2026")
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("Your CV is uploaded.").wait_for()

    # The job published a moment ago is found: its search vector and the search cache follow it.
    page.get_by_role("link", name="Jobs", exact=True).click()
    page.locator("#q").fill("pastry")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#results .job-card")
    expect(page).to_have_url(re.compile(r"[?&]q=pastry"))
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Acme Bakery")
    screenshot(page, "journey-search")
    results.get_by_role("link", name="Pastry chef").click()
    expect(page.locator("aside")).to_contain_text("32,000–38,000 EUR")
    expect(page.locator("article .list-inline-item")).to_have_text(["Pastry", "Viennoiserie"])  # typed as one line
    screenshot(page, "journey-job")

    page.get_by_role("link", name="Apply").click()
    expect(page.get_by_label("CV 2026 (your default CV)")).to_be_checked()  # the default CV is chosen
    page.get_by_label("Cover letter").fill("I bake at dawn, and I love it.")
    screenshot(page, "journey-apply")
    page.get_by_role("button", name="Send my application").click()
    page.get_by_text("Your application to Pastry chef is sent").wait_for()


def employer_moves_the_application_to_interview(page):
    sign_in(page, EMPLOYER)
    page.get_by_role("heading", name="Dashboard").wait_for()
    # "Pastry chef is approved" and "New application for Pastry chef"
    expect(page.locator("#notification-badge")).to_contain_text("2")
    expect(page.locator("#applications-chart rect.bar")).to_have_count(30)
    expect(page.locator("#funnels")).to_contain_text("Pastry chef")
    screenshot(page, "journey-employer-dashboard")

    page.locator("#funnels").get_by_role("link", name="Pastry chef").click()
    page.get_by_role("heading", name="Applications for Pastry chef").wait_for()
    screenshot(page, "journey-applications")
    page.locator("#applications").get_by_role("link", name="Grace").click()
    expect(page.get_by_text("I bake at dawn, and I love it.")).to_be_visible()
    expect(page.get_by_role("link", name="CV: CV 2026")).to_be_visible()
    status = page.locator("#application-status")
    expect(status.locator(".badge")).to_have_text("Viewed")  # opening it marked it viewed

    # The move swaps the status panel in place: a marker set on the page survives it.
    page.evaluate("window.notReloaded = true")
    status.get_by_label("Move to").select_option(label="Interview")
    status.get_by_label("Private note").fill(NOTE)
    status.get_by_role("button", name="Move").click()
    expect(status.locator(".badge")).to_have_text("Interview")
    expect(status.get_by_role("status")).to_have_text("Moved to Interview.")
    expect(page.locator("#application-history li")).to_have_count(3)  # applied, viewed, interview
    expect(page.locator("#application-history")).to_contain_text(NOTE)
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "journey-application-interview")


def candidate_sees_the_interview(page):
    sign_in(page, CANDIDATE)
    badge = page.locator("#notification-badge")
    expect(badge).to_contain_text("1")  # the interview; being viewed is not news

    page.get_by_role("link", name="My applications").click()
    expect(page.locator("article", has_text="Pastry chef").locator(".badge")).to_have_text("Interview")
    assert NOTE not in page.content()  # the note is the company's, never the candidate's
    screenshot(page, "journey-candidate-applications")

    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_role("link", name="Your application for Pastry chef: Interview")).to_be_visible()
    screenshot(page, "journey-notifications")
    page.get_by_role("button", name=re.compile("^Mark as read")).click()
    expect(badge.locator(".badge")).to_have_count(0)  # htmx updated the badge in place
