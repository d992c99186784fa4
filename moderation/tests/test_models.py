"""The rules PostgreSQL keeps for reports, decisions and a job's moderation state."""

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from intowork.tests.helpers import violates
from jobs.models import JobModeration
from jobs.tests.factories import JobFactory
from moderation.models import Decision, JobDecision, ReportStatus
from moderation.tests.factories import JobReportFactory

pytestmark = pytest.mark.django_db


def test_one_open_report_per_person_and_job():
    report = JobReportFactory(reporter=UserFactory())
    JobReportFactory(job=report.job)  # guests are not one person: the rate limit bounds them
    with violates("moderation_jobreport_one_open_per_reporter_uniq"):
        JobReportFactory(job=report.job, reporter=report.reporter)
    report.status, report.resolved_at = ReportStatus.DISMISSED, timezone.now()
    report.save()
    JobReportFactory(job=report.job, reporter=report.reporter)  # once handled, they may report again


def test_a_report_is_open_until_resolved_with_a_date():
    with violates("moderation_jobreport_resolved_has_date_check"):
        JobReportFactory(status=ReportStatus.DISMISSED)
    with violates("moderation_jobreport_resolved_has_date_check"):
        JobReportFactory(resolved_at=timezone.now())


def test_reason_and_status_are_checked():
    with violates("moderation_jobreport_reason_check"):
        JobReportFactory(reason="boring")
    with violates("moderation_jobreport_status_check"):
        JobReportFactory(status="maybe", resolved_at=timezone.now())


def test_a_decision_is_checked_and_hiding_says_why():
    job = JobFactory()
    with violates("moderation_decision_valid_check"):
        JobDecision.objects.create(job=job, decision="banned", note="x")
    with violates("moderation_decision_hidden_has_note_check"):
        JobDecision.objects.create(job=job, decision=Decision.HIDDEN, note="")


def test_a_job_moderation_state_is_checked_and_hidden_says_why():
    with violates("jobs_job_moderation_valid_check"):
        JobFactory(moderation="shadowbanned")
    with violates("jobs_job_hidden_has_note_check"):
        JobFactory(moderation=JobModeration.HIDDEN, moderation_note="")
