"""Reports, approval and hiding: what each decision changes, and that a hidden or waiting job
leaves every public reader at once (search and its cache, feed, sitemap, API, its page)."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from accounts.models import Notification, NotificationType
from accounts.tests.factories import UserFactory
from intowork.exceptions import ConflictError, ServiceError
from jobs import services as jobs_services
from jobs.models import Job, JobModeration, JobStatus
from jobs.tests.factories import CompanyFactory, JobFactory, MembershipFactory
from moderation import services
from moderation.models import Decision, JobDecision, JobReport, ReportStatus
from moderation.tests.factories import JobReportFactory

pytestmark = pytest.mark.django_db


def draft_of(company, **fields):
    return JobFactory(company=company, draft=True, salary_min=40_000, salary_max=50_000, **fields)


def old_company(**fields):
    company = CompanyFactory(**fields)
    company.__class__.objects.filter(pk=company.pk).update(created_at=timezone.now() - datetime.timedelta(days=90))
    company.refresh_from_db()
    return company


# --- A new company's jobs wait for approval ----------------------------------------------------------


def test_a_companys_first_published_job_waits_for_approval():
    company = CompanyFactory()
    job = jobs_services.job_publish(job=draft_of(company))
    assert (job.status, job.moderation) == (JobStatus.PUBLISHED, JobModeration.PENDING)
    assert not job.is_open
    assert not Job.objects.published().filter(pk=job.pk).exists()
    assert not Job.objects.visible().filter(pk=job.pk).exists()


def test_once_a_job_was_approved_the_next_ones_publish_at_once():
    company = old_company()
    first = jobs_services.job_publish(job=draft_of(company))
    services.job_approve(job=first, by=UserFactory(is_staff=True))
    second = jobs_services.job_publish(job=draft_of(company))
    assert second.moderation == JobModeration.APPROVED and second.is_open


def test_a_new_companys_published_job_waits_again_when_edited():
    company = CompanyFactory()
    job = JobFactory(company=company)  # published and approved
    jobs_services.job_update(job=job, title=job.title)  # nothing changed: nothing to review
    assert Job.objects.get(pk=job.pk).moderation == JobModeration.APPROVED
    jobs_services.job_update(job=job, description="Send us 50 € to apply.")
    assert Job.objects.get(pk=job.pk).moderation == JobModeration.PENDING


def test_an_older_or_trusted_companys_edits_do_not_wait():
    for company in (old_company(), CompanyFactory(is_trusted=True)):
        job = JobFactory(company=company)
        jobs_services.job_update(job=job, description="New text.")
        assert Job.objects.get(pk=job.pk).moderation == JobModeration.APPROVED


def test_a_trusted_companys_first_job_publishes_at_once():
    job = jobs_services.job_publish(job=draft_of(CompanyFactory(is_trusted=True)))
    assert job.moderation == JobModeration.APPROVED


@override_settings(MODERATION_APPROVAL=False)
def test_approval_can_be_switched_off():
    job = jobs_services.job_publish(job=draft_of(CompanyFactory()))
    assert job.moderation == JobModeration.APPROVED
    jobs_services.job_update(job=job, description="Changed.")
    assert Job.objects.get(pk=job.pk).moderation == JobModeration.APPROVED


def test_approving_makes_it_public_and_tells_the_company(django_capture_on_commit_callbacks):
    owner = MembershipFactory()
    job = jobs_services.job_publish(job=draft_of(owner.company))
    staff = UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.job_approve(job=job, by=staff, note="Looks fine.")
    job.refresh_from_db()
    assert job.moderation == JobModeration.APPROVED and job.is_open
    assert JobDecision.objects.get(job=job).decision == Decision.APPROVED
    notification = Notification.objects.get(user=owner.user)
    assert notification.type == NotificationType.JOB_MODERATION and job.title in notification.title
    assert [message.to for message in mail.outbox] == [[owner.user.email]]
    with pytest.raises(ConflictError):
        services.job_approve(job=job, by=staff)


# --- Reports -----------------------------------------------------------------------------------------


def test_anyone_reports_a_public_job():
    job = JobFactory()
    guest = services.report_submit(job=job, reporter=None, reason="scam", note=" Fee. ", client_key="address:1")
    user = UserFactory()
    signed_in = services.report_submit(job=job, reporter=user, reason="spam", client_key=f"user:{user.pk}")
    assert [(r.reporter, r.reason, r.note, r.status) for r in (guest, signed_in)] == [
        (None, "scam", "Fee.", ReportStatus.OPEN),
        (user, "spam", "", ReportStatus.OPEN),
    ]


def test_reporting_twice_is_a_conflict():
    job, user = JobFactory(), UserFactory()
    services.report_submit(job=job, reporter=user, reason="scam", client_key="user:a")
    with pytest.raises(ConflictError) as conflict:
        services.report_submit(job=job, reporter=user, reason="spam", client_key="user:a")
    assert conflict.value.code == "already_reported"
    assert JobReport.objects.count() == 1


@override_settings(MODERATION_REPORTS_PER_HOUR=2)
def test_reports_are_rate_limited_per_reporter():
    jobs = JobFactory.create_batch(3)
    for job in jobs[:2]:
        services.report_submit(job=job, reporter=None, reason="scam", client_key="address:10.0.0.1")
    with pytest.raises(services.TooManyReports) as refusal:
        services.report_submit(job=jobs[2], reporter=None, reason="scam", client_key="address:10.0.0.1")
    assert refusal.value.status_code == 429
    services.report_submit(job=jobs[2], reporter=None, reason="scam", client_key="address:10.0.0.2")
    assert JobReport.objects.count() == 3


def test_a_draft_or_hidden_job_cannot_be_reported():
    for job in (JobFactory(draft=True), JobFactory(moderation=JobModeration.HIDDEN, moderation_note="Scam.")):
        with pytest.raises(ServiceError):
            services.report_submit(job=job, reporter=None, reason="scam", client_key="address:1")
    assert not JobReport.objects.exists()


# --- Hiding ------------------------------------------------------------------------------------------


def test_hiding_needs_a_note_upholds_the_reports_and_tells_the_company(django_capture_on_commit_callbacks):
    owner = MembershipFactory()
    job = JobFactory(company=owner.company)
    reports = JobReportFactory.create_batch(2, job=job)
    staff = UserFactory(is_staff=True)
    with pytest.raises(ServiceError) as refusal:
        services.job_hide(job=job, by=staff, note="  ")
    assert refusal.value.field == "note"
    with django_capture_on_commit_callbacks(execute=True):
        services.job_hide(job=job, by=staff, note="Asks candidates for money.")
    job.refresh_from_db()
    assert (job.moderation, job.moderation_note, job.is_open) == (
        JobModeration.HIDDEN,
        "Asks candidates for money.",
        False,
    )
    assert {JobReport.objects.get(pk=r.pk).status for r in reports} == {ReportStatus.UPHELD}
    assert "Asks candidates for money." in Notification.objects.get(user=owner.user).message


def test_restoring_a_hidden_job():
    job = JobFactory(moderation=JobModeration.HIDDEN, moderation_note="Checked by mistake.")
    services.job_restore(job=job, by=UserFactory(is_staff=True))
    job.refresh_from_db()
    assert (job.moderation, job.moderation_note, job.is_open) == (JobModeration.APPROVED, "", True)


def test_dismissing_reports_leaves_the_job_and_records_the_decision():
    job = JobFactory()
    reports = JobReportFactory.create_batch(2, job=job)
    staff = UserFactory(is_staff=True)
    assert services.reports_dismiss(reports=reports, by=staff, note="A real job.") == 2
    assert services.reports_dismiss(reports=reports, by=staff) == 0  # already handled
    assert set(JobReport.objects.values_list("status", "resolution_note")) == {(ReportStatus.DISMISSED, "A real job.")}
    assert Job.objects.get(pk=job.pk).is_open
    assert list(JobDecision.objects.values_list("decision", flat=True)) == [Decision.REPORTS_DISMISSED]
