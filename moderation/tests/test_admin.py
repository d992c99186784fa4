"""The staff's review queue in the admin: decisions ask for a note, then go through the services."""

import pytest
from django.urls import reverse

from accounts.tests.mfa import sign_in_with_mfa
from jobs.models import Job, JobModeration
from jobs.tests.factories import JobFactory
from moderation.models import JobReport, ReportStatus
from moderation.tests.factories import JobReportFactory

pytestmark = pytest.mark.django_db


def test_the_queue_lists_waiting_hidden_and_reported_jobs_only(client, staff, django_assert_max_num_queries):
    waiting = JobFactory(moderation=JobModeration.PENDING)
    hidden = JobFactory(moderation=JobModeration.HIDDEN, moderation_note="Scam.")
    reported = JobReportFactory().job
    JobReportFactory(job=reported)
    JobFactory()  # nothing to review
    sign_in_with_mfa(client, staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:moderation_jobforreview_changelist"))
    listed = {job.pk for job in response.context["cl"].result_list}
    assert listed == {waiting.pk, hidden.pk, reported.pk}


def test_hiding_from_the_queue_asks_for_a_note_first(client, staff):
    job = JobFactory()
    report = JobReportFactory(job=job)
    sign_in_with_mfa(client, staff)
    url = reverse("admin:moderation_jobreport_changelist")
    asked = client.post(url, {"action": "hide_jobs", "_selected_action": [report.pk]})
    assert asked.status_code == 200 and "Hide the reported jobs" in asked.text
    assert Job.objects.get(pk=job.pk).moderation == JobModeration.APPROVED  # nothing yet
    no_note = client.post(url, {"action": "hide_jobs", "_selected_action": [report.pk], "apply": "1", "note": ""})
    assert "Say why: the company is told." in no_note.text
    client.post(url, {"action": "hide_jobs", "_selected_action": [report.pk], "apply": "1", "note": "Fake."})
    job.refresh_from_db()
    assert (job.moderation, job.moderation_note) == (JobModeration.HIDDEN, "Fake.")
    assert JobReport.objects.get(pk=report.pk).status == ReportStatus.UPHELD


def test_dismissing_and_approving_from_the_admin(client, staff):
    report = JobReportFactory()
    waiting = JobFactory(moderation=JobModeration.PENDING)
    sign_in_with_mfa(client, staff)
    client.post(
        reverse("admin:moderation_jobreport_changelist"),
        {"action": "dismiss", "_selected_action": [report.pk], "apply": "1", "note": "Legit."},
    )
    assert JobReport.objects.get(pk=report.pk).status == ReportStatus.DISMISSED
    client.post(
        reverse("admin:moderation_jobforreview_changelist"),
        {"action": "approve", "_selected_action": [waiting.pk], "apply": "1", "note": ""},
    )
    assert Job.objects.get(pk=waiting.pk).moderation == JobModeration.APPROVED
