"""Issue 4: every main page is accessible (labels, landmarks, focus, contrast) and responsive,
for each role that sees it.

Accessible: axe-core's WCAG 2.0/2.1 A and AA rules find no serious or critical violation. axe
comes from the pinned PyPI package axe-playwright-python (requirements-dev.txt), whose wheel
ships axe.min.js and downloads nothing; it is injected into the page and run there.
Responsive: on a 320 px wide phone the page reflows instead of scrolling sideways.
Each page is checked in English and in Arabic (right to left, Bootstrap's RTL build), with the
browser's console watched: no error, no Content Security Policy violation. The main pages are
also photographed in the four languages (artifacts/i18n/<language>-<page>.png).

One test per page, so a failure names the page and lists each rule, its help and its nodes.
(A tab per page, not per role: the live server's data is flushed after every test.)"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import NotificationType, Role
from accounts.tests.factories import NotificationFactory, StaffFactory, UserFactory
from accounts.tokens import unsubscribe_token
from alerts.models import Alert
from alerts.tests.factories import AlertFactory
from alerts.tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, alert_token
from candidates.tests.factories import (
    CandidateProfileFactory,
    CVFactory,
    EducationFactory,
    ExperienceFactory,
    SavedJobFactory,
    SkillFactory,
)
from hiring.models import Interview
from hiring.tests.factories import InterviewerFactory, InterviewFactory
from intowork.tests.browser import screenshot, use_language, watch_console
from jobs.models import ApplicationStatus, Job, JobModeration
from jobs.services import application_change_status
from jobs.tests.factories import ApplicationFactory, ApplicationStatusChangeFactory, JobFactory, MembershipFactory
from jobs.tests.helpers import png
from privacy.tests.helpers import policies_in_force, terms_changed

pytestmark = pytest.mark.browser

axe = pytest.importorskip(
    "axe_playwright_python.sync_playwright",
    reason="axe-core is not installed: pip install -r requirements-dev.txt (axe-playwright-python)",
)

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Moderate and minor findings are worth reading in a full report; these two block a person.
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 320, "height": 640}  # WCAG's reflow width


@dataclass
class Site:
    """One company hiring for a job, one candidate who applied to it and saved it; and a
    newcomer of each role, whose pages show their empty states."""

    candidate: object
    employer: object
    job: object
    other_job: object
    application: object
    new_candidate: object
    new_employer: object
    staff: object

    def user(self, role):
        """The account signed in for ``role``; None for an anonymous visitor."""
        return {
            "candidate": self.candidate.user,
            "employer": self.employer.user,
            "new-candidate": self.new_candidate,
            "new-employer": self.new_employer,
            "staff": self.staff,
        }.get(role)


@pytest.fixture
def site(db):
    employer = MembershipFactory(company__name="Bäckereigenossenschaft Lyon")
    employer.company.logo.save("logo.png", ContentFile(png()), save=True)  # shown on its page and cards
    job = JobFactory(company=employer.company, title="Pastry chef", slug="pastry-chef", location="Lyon")
    other_job = JobFactory(company=employer.company, title="Pastry cook", slug="pastry-cook", location="Lyon")
    candidate = CandidateProfileFactory(headline="Pastry chef")
    # Long words on purpose, not Faker's random ones: they are what overflows a phone's width.
    ExperienceFactory(
        candidate=candidate, title="Histocompatibility technologist", company_name="Krankenhausgesellschaft"
    )
    EducationFactory(candidate=candidate)
    SkillFactory(candidate=candidate, name="Pastry")
    cv = CVFactory(candidate=candidate, is_default=True)
    application = ApplicationFactory(job=job, candidate=candidate, cv=cv)
    ApplicationStatusChangeFactory(application=application)
    SavedJobFactory(candidate=candidate, job=job)
    # The activity log has a move to show; the preview, a job hidden by our staff and why.
    application_change_status(application=application, to=ApplicationStatus.INTERVIEW, by=employer.user)
    JobFactory(
        company=employer.company,
        title="Bread baker",
        moderation=JobModeration.HIDDEN,
        moderation_note="A fee to apply.",
    )
    NotificationFactory(user=candidate.user)
    NotificationFactory(user=employer.user)
    AlertFactory(user=candidate.user, name="Pastry in Lyon")
    # An interview on both dashboards, with its pages.
    InterviewerFactory(interview=InterviewFactory(application=application), user=employer.user)
    site = Site(
        candidate=candidate,
        employer=employer,
        job=job,
        other_job=other_job,
        application=application,
        new_candidate=UserFactory(role=Role.CANDIDATE),
        new_employer=UserFactory(role=Role.EMPLOYER),
        staff=StaffFactory(),
    )
    # A privacy policy and terms in force, which everyone here has accepted.
    policies_in_force(candidate.user, employer.user, site.new_candidate, site.new_employer, site.staff)
    return site


def alert_link(site, view: str, salt: str) -> str:
    """A guest's alert link from its emails (made on first use)."""
    alert = Alert.objects.filter(email="guest@example.com").first() or AlertFactory(
        user=None, email="guest@example.com", confirmed_at=None
    )
    return reverse(view, args=[alert_token(alert.pk, salt=salt)])


PAGES = [
    # (role, path from the site's data), id = the page's name in the report.
    pytest.param("anonymous", lambda site: "/", id="home"),
    pytest.param("anonymous", lambda site: "/jobs/?q=pastry", id="job-search"),
    pytest.param("anonymous", lambda site: site.job.get_absolute_url(), id="job-detail"),
    pytest.param("anonymous", lambda site: site.job.company.get_absolute_url(), id="company-detail"),
    pytest.param("anonymous", lambda site: "/accounts/login/", id="login"),
    pytest.param("anonymous", lambda site: "/accounts/signup/", id="signup"),
    pytest.param("anonymous", lambda site: f"{site.job.get_absolute_url()}report/", id="job-report"),
    pytest.param(
        "anonymous",
        lambda site: reverse(
            "accounts:unsubscribe",
            args=[unsubscribe_token(user_id=site.candidate.user.pk, type=NotificationType.APPLICATION_STATUS)],
        ),
        id="unsubscribe",
    ),
    pytest.param("anonymous", lambda site: "/accounts/confirm-email/", id="verify-email"),
    pytest.param("anonymous", lambda site: "/alerts/new/?q=pastry&location=Lyon", id="alert-new-guest"),
    pytest.param("anonymous", lambda site: alert_link(site, "alerts:confirm", CONFIRM_SALT), id="alert-confirm"),
    pytest.param(
        "anonymous", lambda site: alert_link(site, "alerts:unsubscribe", UNSUBSCRIBE_SALT), id="alert-unsubscribe"
    ),
    pytest.param("candidate", lambda site: "/alerts/", id="candidate-alerts"),
    pytest.param("new-candidate", lambda site: "/alerts/", id="candidate-alerts-empty"),
    pytest.param("candidate", lambda site: "/dashboard/", id="candidate-dashboard"),
    pytest.param("candidate", lambda site: "/profile/", id="candidate-profile"),
    pytest.param("candidate", lambda site: "/cvs/", id="candidate-cvs"),
    pytest.param("candidate", lambda site: "/applications/", id="candidate-applications"),
    pytest.param("candidate", lambda site: f"/applications/{site.application.pk}/", id="candidate-application"),
    pytest.param("candidate", lambda site: f"/applications/{site.application.pk}/withdraw/", id="candidate-withdraw"),
    pytest.param("candidate", lambda site: f"{site.other_job.get_absolute_url()}apply/", id="candidate-apply"),
    pytest.param("candidate", lambda site: "/account/preferences/", id="preferences"),
    pytest.param("candidate", lambda site: "/account/delete/", id="account-delete"),
    pytest.param("candidate", lambda site: "/account/data/", id="data-export"),
    pytest.param("anonymous", lambda site: "/privacy/", id="privacy-policy"),
    pytest.param("anonymous", lambda site: "/terms/", id="terms"),
    # New terms, published while the candidate is signed in: their next page asks to accept them.
    pytest.param("candidate", lambda site: terms_changed(), id="policies-accept"),
    pytest.param("employer", lambda site: "/account/delete/", id="account-delete-last-owner"),
    pytest.param("new-candidate", lambda site: "/applications/", id="candidate-applications-empty"),
    pytest.param("candidate", lambda site: "/saved-jobs/", id="candidate-saved-jobs"),
    pytest.param("candidate", lambda site: "/notifications/", id="candidate-notifications"),
    pytest.param("candidate", lambda site: "/notifications/settings/", id="candidate-email-settings"),
    pytest.param("new-candidate", lambda site: "/dashboard/", id="candidate-dashboard-empty"),
    pytest.param("new-candidate", lambda site: "/saved-jobs/", id="candidate-saved-jobs-empty"),
    pytest.param("employer", lambda site: "/employer/", id="employer-home"),
    pytest.param("employer", lambda site: "/employer/jobs/", id="employer-jobs"),
    pytest.param("employer", lambda site: "/employer/jobs/new/", id="employer-job-form"),
    pytest.param("employer", lambda site: f"/employer/jobs/{site.job.pk}/applications/", id="employer-applications"),
    pytest.param(
        "employer", lambda site: f"/employer/applications/{site.application.pk}/", id="employer-application-detail"
    ),
    pytest.param("employer", lambda site: "/employer/company/", id="employer-company"),
    pytest.param(
        "employer", lambda site: f"/employer/company/members/{site.employer.pk}/remove/", id="employer-member-leave"
    ),
    pytest.param(
        "employer",
        lambda site: f"/employer/hiring/applications/{site.application.pk}/interviews/new/",
        id="employer-interview-schedule",
    ),
    pytest.param(
        "employer", lambda site: f"/employer/hiring/interviews/{Interview.objects.get().pk}/", id="employer-interview"
    ),
    pytest.param("candidate", lambda site: f"/interviews/{Interview.objects.get().pk}/", id="candidate-interview"),
    pytest.param(
        "employer",
        lambda site: f"/employer/hiring/interviews/{Interview.objects.get().pk}/scorecard/",
        id="employer-scorecard",
    ),
    pytest.param(
        "employer", lambda site: f"/employer/hiring/jobs/{site.job.pk}/scorecard/", id="employer-scorecard-attributes"
    ),
    pytest.param("employer", lambda site: "/employer/hiring/templates/", id="employer-message-templates"),
    pytest.param("employer", lambda site: "/employer/hiring/templates/new/", id="employer-message-template-form"),
    pytest.param("employer", lambda site: "/notifications/", id="employer-notifications"),
    pytest.param("employer", lambda site: "/employer/activity/", id="employer-activity-log"),
    pytest.param(
        "employer",
        lambda site: f"/employer/jobs/{Job.objects.get(title='Bread baker').pk}/preview/",
        id="employer-job-hidden",
    ),
    pytest.param("new-employer", lambda site: "/employer/", id="employer-home-without-company"),
    pytest.param("new-employer", lambda site: "/employer/company/new/", id="employer-company-form"),
    # Staff's second factor (the admin requires it; the admin's own pages are Django's).
    pytest.param("staff", lambda site: "/accounts/2fa/", id="staff-two-factor"),
    pytest.param("staff", lambda site: "/accounts/2fa/webauthn/", id="staff-security-keys"),
]


# The languages each page is checked in: the default, and the one written right to left.
CHECKED_LANGUAGES = [("en", "ltr"), ("ar", "rtl")]


@pytest.mark.parametrize(("language", "direction"), CHECKED_LANGUAGES, ids=[code for code, _ in CHECKED_LANGUAGES])
@pytest.mark.parametrize(("role", "path"), PAGES)
def test_page_is_accessible_and_reflows_on_a_phone(
    page, login_page, live_server, site, role, path, language, direction
):
    tab = login_page(site.user(role)) if site.user(role) else page
    use_language(tab, live_server.url, language)
    console = watch_console(tab)
    response = tab.goto(path(site))
    assert response.ok, f"{path(site)} answered {response.status}"
    tab.wait_for_load_state("networkidle")  # htmx fragments (charts, facets) are part of the page
    assert (tab.locator("html").get_attribute("lang"), tab.locator("html").get_attribute("dir")) == (
        language,
        direction,
    )

    violations = axe.Axe().run(tab, options=AXE_OPTIONS).response["violations"]

    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(_report(tab.url, blocking), pytrace=False)

    # Responsive: on a small phone the page reflows instead of scrolling sideways (WCAG 1.4.10).
    tab.set_viewport_size(PHONE)
    page_width = tab.evaluate("document.documentElement.scrollWidth")
    if page_width > PHONE["width"]:
        pytest.fail(
            f"{tab.url} is {page_width}px wide on a {PHONE['width']}px phone, past the edge:\n" + _overflowing(tab),
            pytrace=False,
        )
    console.assert_clean()


MAIN_PAGES = [
    # (name, role, path from the site's data)
    ("job-search", "anonymous", lambda site: "/jobs/?q=pastry"),
    ("job-detail", "anonymous", lambda site: site.job.get_absolute_url()),
    ("company-detail", "anonymous", lambda site: site.job.company.get_absolute_url()),
    ("signup", "anonymous", lambda site: "/accounts/signup/"),
    ("candidate-dashboard", "candidate", lambda site: "/dashboard/"),
    ("candidate-apply", "candidate", lambda site: f"{site.other_job.get_absolute_url()}apply/"),
    ("candidate-applications", "candidate", lambda site: "/applications/"),
    ("employer-home", "employer", lambda site: "/employer/"),
    ("employer-applications", "employer", lambda site: f"/employer/jobs/{site.job.pk}/applications/"),
]


@pytest.mark.parametrize("language", ["en", "fr", "pt", "ar"])
@pytest.mark.parametrize(("name", "role", "path"), MAIN_PAGES, ids=[name for name, _role, _path in MAIN_PAGES])
def test_main_pages_are_photographed_in_each_language(page, login_page, live_server, site, name, role, path, language):
    """For a human to compare the four languages side by side: artifacts/i18n/<language>-<page>.png."""
    tab = login_page(site.user(role)) if site.user(role) else page
    use_language(tab, live_server.url, language)
    console = watch_console(tab)
    response = tab.goto(path(site))
    assert response.ok, f"{path(site)} answered {response.status}"
    tab.wait_for_load_state("networkidle")
    assert tab.locator("html").get_attribute("lang") == language
    # The footer's switcher names the language in itself, and shows the one in use.
    assert tab.locator("#language").input_value() == language
    screenshot(tab, f"i18n/{language}-{name}")
    console.assert_clean()


def _overflowing(tab):
    """The innermost elements that reach past the phone's edge (the left one, right to left), as
    tag.class "text"."""
    return tab.evaluate(
        """width => [...document.body.querySelectorAll('*')]
            .filter(e => !e.firstElementChild)
            .filter(e => e.getBoundingClientRect().right > width || e.getBoundingClientRect().left < 0)
            .map(e => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 60)}"`)
            .slice(0, 10).join('\\n')""",
        PHONE["width"],
    )


def _report(url, violations):
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1]}")
    return "\n".join(lines)
