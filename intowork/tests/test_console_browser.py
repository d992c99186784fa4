"""Issue 12: every main page, for every role, runs without a console error, an uncaught
exception or a Content Security Policy violation, and so do the htmx interactions that swap
content in place (saving a job from the results, filtering them, moving an application,
marking notifications read, adding a skill). The CSP stays strict: no 'unsafe-inline'.

One test per role walks all its pages (a tab and its data made once, not once per page) and
reports every problem of every page together; intowork/tests/browser.py says what is watched.
The live server runs with the test settings (plain static storage): what is checked here is the
browser's side; test_as_deployed.py checks the same pages under gunicorn with the production
settings."""

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import NotificationType, Role
from accounts.tests.factories import NotificationFactory, StaffFactory, UserFactory
from accounts.tokens import unsubscribe_token
from alerts.tests.factories import AlertFactory
from alerts.tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, alert_token
from audit.models import AuditAction
from audit.services import audit_record
from candidates.models import SavedJob
from candidates.tests.factories import (
    CandidateProfileFactory,
    CVFactory,
    EducationFactory,
    ExperienceFactory,
    SkillFactory,
)
from hiring.models import Interview
from hiring.tests.factories import InterviewerFactory, InterviewFactory
from intowork.tests.browser import watch_console
from jobs.models import ApplicationStatus, JobModeration
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory
from moderation.tests.factories import JobReportFactory
from privacy.tests.helpers import policies_in_force

pytestmark = pytest.mark.browser


@dataclass
class Site:
    candidate: object
    employer: object
    staff: object
    job: object
    other_job: object
    application: object
    new_candidate: object
    new_employer: object
    pending_job: object
    guest_alert: object


def unsubscribe_path(site) -> str:
    token = unsubscribe_token(user_id=site.candidate.user.pk, type=NotificationType.APPLICATION_STATUS)
    return reverse("accounts:unsubscribe", args=[token])


@pytest.fixture
def site(db):
    employer = MembershipFactory(company__name="Acme Bakery")
    job = JobFactory(company=employer.company, title="Pastry chef", location="Lyon", skills=["Pastry"])
    other_job = JobFactory(company=employer.company, title="Pastry cook", location="Lyon")
    candidate = CandidateProfileFactory(headline="Pastry chef")
    ExperienceFactory(candidate=candidate)
    EducationFactory(candidate=candidate)
    SkillFactory(candidate=candidate, name="Pastry")
    cv = CVFactory(candidate=candidate, is_default=True)
    application = ApplicationFactory(job=job, candidate=candidate, cv=cv)
    NotificationFactory(user=candidate.user, title="Your application was viewed")
    NotificationFactory(user=candidate.user, title="A new job matches your profile")
    NotificationFactory(user=employer.user, title="New application for Pastry chef")
    # Moderation and the audit trail have something to show.
    pending_job = JobFactory(company=employer.company, title="Baker", moderation=JobModeration.PENDING)
    JobReportFactory(job=job)
    audit_record(
        action=AuditAction.CV_DOWNLOADED,
        actor=employer.user,
        company_id=employer.company_id,
        application_id=application.pk,
        cv_id=cv.pk,
    )
    AlertFactory(user=candidate.user, name="Pastry in Lyon")
    InterviewerFactory(interview=InterviewFactory(application=application), user=employer.user)
    site = Site(
        candidate=candidate,
        employer=employer,
        staff=StaffFactory(),
        job=job,
        other_job=other_job,
        application=application,
        new_candidate=UserFactory(role=Role.CANDIDATE),
        new_employer=UserFactory(role=Role.EMPLOYER),
        pending_job=pending_job,
        guest_alert=AlertFactory(user=None, email="guest@example.com", confirmed_at=None),
    )
    # A privacy policy and terms in force, which everyone here has accepted.
    policies_in_force(candidate.user, employer.user, site.staff, site.new_candidate, site.new_employer)
    return site


PAGES = {
    "anonymous": lambda site: [
        "/",
        "/jobs/",
        "/jobs/?q=pastry",
        site.job.get_absolute_url(),
        site.job.company.get_absolute_url(),
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        f"{site.job.get_absolute_url()}report/",
        unsubscribe_path(site),
        "/accounts/confirm-email/",
        "/alerts/new/?q=pastry",
        reverse("alerts:confirm", args=[alert_token(site.guest_alert.pk, salt=CONFIRM_SALT)]),
        reverse("alerts:unsubscribe", args=[alert_token(site.guest_alert.pk, salt=UNSUBSCRIBE_SALT)]),
        "/no-such-page/",  # the 404 page
        # XML, shown by the browser's XML viewer (which styles it inline: no CSP on these).
        "/sitemap.xml",
        "/sitemap-jobs.xml",
        "/jobs/feed/",
        "/privacy/",
        "/terms/",
    ],
    "candidate": lambda site: [
        "/dashboard/",
        "/profile/",
        "/cvs/",
        "/applications/",
        "/saved-jobs/",
        "/alerts/",
        "/alerts/new/?q=pastry",
        "/notifications/",
        "/notifications/settings/",
        "/jobs/?q=pastry",
        site.job.get_absolute_url(),
        f"{site.other_job.get_absolute_url()}apply/",
        f"/applications/{site.application.pk}/",
        f"/applications/{site.application.pk}/withdraw/",
        f"/interviews/{Interview.objects.get().pk}/",
        "/account/preferences/",
        "/account/delete/",
        "/account/data/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/employer/",  # the 403 page
    ],
    "new-candidate": lambda site: ["/dashboard/", "/saved-jobs/", "/applications/", "/cvs/", "/jobs/", "/alerts/"],
    "employer": lambda site: [
        "/employer/",
        "/employer/jobs/",
        "/employer/jobs/new/",
        f"/employer/jobs/{site.job.pk}/applications/",
        f"/employer/applications/{site.application.pk}/",
        f"/employer/hiring/applications/{site.application.pk}/interviews/new/",
        f"/employer/hiring/interviews/{Interview.objects.get().pk}/",
        f"/employer/hiring/interviews/{Interview.objects.get().pk}/scorecard/",
        f"/employer/hiring/jobs/{site.job.pk}/scorecard/",
        "/employer/hiring/templates/",
        "/employer/hiring/templates/new/",
        "/employer/company/",
        f"/employer/company/members/{site.employer.pk}/remove/",  # leaving, asked first
        "/employer/activity/",
        f"/employer/jobs/{site.pending_job.pk}/preview/",
        "/notifications/",
        site.job.get_absolute_url(),
    ],
    "new-employer": lambda site: ["/employer/", "/employer/company/new/"],
    "staff": lambda site: [
        "/admin/",
        "/admin/db-monitoring/",
        "/admin/jobs/job/",
        f"/admin/jobs/job/{site.job.pk}/change/",
        "/admin/jobs/application/",
        f"/admin/jobs/application/{site.application.pk}/change/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{site.candidate.user.pk}/change/",
        "/admin/candidates/candidateprofile/",
        "/admin/moderation/jobreport/",
        "/admin/moderation/jobforreview/",
        f"/admin/moderation/jobforreview/{site.pending_job.pk}/change/",
        "/admin/audit/auditevent/",
        # Their second factor: the overview, the security keys (WebAuthn) and adding one.
        "/accounts/2fa/",
        "/accounts/2fa/webauthn/",
        "/admin/alerts/alert/",
        "/admin/alerts/alertdigest/",
    ],
}
# The error pages are pages too; every other one answers 200.
STATUS = {("anonymous", "/no-such-page/"): 404, ("candidate", "/employer/"): 403}


def user_of(site, role):
    return {
        "candidate": site.candidate.user,
        "new-candidate": site.new_candidate,
        "employer": site.employer.user,
        "new-employer": site.new_employer,
        "staff": site.staff,
    }.get(role)


def open_tab(page, login_page, site, role):
    """The tab, signed in as ``role``, watched from its first page on."""
    console = watch_console(page)
    if user_of(site, role):
        login_page(user_of(site, role))
    return page, console


@pytest.mark.parametrize("role", PAGES)
def test_every_page_of_the_role_runs_without_console_errors(page, login_page, site, role):
    tab, console = open_tab(page, login_page, site, role)
    for path in PAGES[role](site):
        response = tab.goto(path)
        expected = STATUS.get((role, path), 200)
        assert response.status == expected, f"{path} answered {response.status}, not {expected}"
        tab.wait_for_load_state("networkidle")  # htmx fragments (charts, facets) are part of the page
    console.assert_clean()


def test_the_watch_sees_a_csp_violation_and_a_console_error(page, live_server):
    """The premise: an inline style, an inline script and a console error are reported."""
    console = watch_console(page)
    page.goto("/jobs/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>')")
    page.evaluate("console.error('something broke')")
    page.wait_for_timeout(100)  # violation events are dispatched asynchronously
    problems = "\n".join(console.problems)
    assert "CSP violation: style-src-elem" in problems
    assert "something broke" in problems
    with pytest.raises(AssertionError):
        console.assert_clean()


def test_the_candidates_htmx_swaps_run_without_console_errors(page, login_page, site):
    tab, console = open_tab(page, login_page, site, "candidate")

    # Results swapped in by a search and by a filter, then a job saved from them.
    tab.goto("/jobs/")
    tab.locator("#q").fill("pastry")
    tab.get_by_role("button", name="Search").click()
    results = tab.locator("#results .job-card")
    expect(results).to_have_count(2)
    tab.select_option("#sort", index=1)
    expect(tab).to_have_url(re.compile(r"[?&]sort=\w"))  # the filtered results are in
    expect(results).to_have_count(2)
    results.get_by_role("button", name="☆ Save Pastry cook").click()
    expect(tab.get_by_role("button", name="★ Saved Pastry cook")).to_be_visible()
    assert SavedJob.objects.filter(candidate=site.candidate, job=site.other_job).exists()
    expect(tab).to_have_url(re.compile(r"/jobs/\?q=pastry&sort="))  # the search's hx-push-url is not the save's
    # And from results the server rendered: the save buttons' forms are not nested in the search's.
    tab.goto("/jobs/?q=pastry")
    results.get_by_role("button", name="☆ Save Pastry chef").click()
    expect(tab.get_by_role("button", name="★ Saved Pastry chef")).to_be_visible()
    expect(tab).to_have_url(re.compile(r"/jobs/\?q=pastry$"))
    assert SavedJob.objects.filter(candidate=site.candidate, job=site.job).exists()

    # A skill added and removed in place.
    tab.goto("/profile/")
    tab.locator("#id_skill-name").fill("Viennoiserie")
    tab.locator("#skills-panel").get_by_role("button", name="Add").click()
    tab.get_by_role("button", name="Remove Viennoiserie").click()
    expect(tab.get_by_role("button", name="Remove Viennoiserie")).to_have_count(0)

    # One notification marked read, then the rest.
    tab.goto("/notifications/")
    badge = tab.locator("#notification-badge")
    expect(badge).to_contain_text("2")
    tab.get_by_role("button", name=re.compile("^Mark as read.*Your application was viewed")).click()
    expect(badge).to_contain_text("1")
    tab.get_by_role("button", name="Mark all as read").click()
    expect(badge.locator(".badge")).to_have_count(0)

    console.assert_clean()


def test_the_employers_htmx_swaps_run_without_console_errors(page, login_page, site):
    tab, console = open_tab(page, login_page, site, "employer")

    # From the list: the row is swapped in place.
    tab.goto(f"/employer/jobs/{site.job.pk}/applications/")
    row = tab.locator(f"#application-row-{site.application.pk}")
    row.get_by_label("New status for").select_option(label="Shortlisted")
    row.get_by_role("button", name="Move").click()
    expect(row.locator(".badge")).to_have_text("Shortlisted")

    # From the application's page: the status panel is swapped in place.
    tab.goto(f"/employer/applications/{site.application.pk}/")
    status = tab.locator("#application-status")
    status.get_by_label("Move to").select_option(label="Interview")
    status.get_by_role("button", name="Move").click()
    expect(status.locator(".badge")).to_have_text("Interview")
    site.application.refresh_from_db()
    assert site.application.status == ApplicationStatus.INTERVIEW

    tab.goto("/notifications/")
    tab.get_by_role("button", name=re.compile("^Mark as read.*New application for Pastry chef")).click()
    expect(tab.locator("#notification-badge .badge")).to_have_count(0)

    console.assert_clean()


def test_the_api_docs_render_from_the_site_without_console_errors(page, live_server):
    """Swagger UI's files come from the site (drf-spectacular-sidecar), its initialiser from a
    script of its own: the CSP lets it run, and it renders the API's operations."""
    console = watch_console(page)
    other_origins = []
    page.on("request", lambda request: request.url.startswith(live_server.url) or other_origins.append(request.url))

    response = page.goto("/api/docs/")
    assert response.ok
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 20, f"only {operations.count()} operations rendered"
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/jobs/").first).to_be_visible()

    assert other_origins == [], f"the docs loaded files from elsewhere: {other_origins}"
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert settings.SPECTACULAR_SETTINGS["SWAGGER_UI_DIST"] == "SIDECAR"
    console.assert_clean()
