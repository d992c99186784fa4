"""Every admin page opens, with a bounded number of queries, and the actions go through the services."""

import pytest
from django.contrib import admin
from django.urls import reverse

from audit.tests.factories import AuditEventFactory
from candidates.tests.factories import CVFactory, EducationFactory, ExperienceFactory, SavedJobFactory, SkillFactory
from hiring.tests.factories import InterviewerFactory, InterviewFactory
from jobs.models import Application, ApplicationStatus, Job, JobStatus
from jobs.tests.factories import ApplicationFactory, ApplicationStatusChangeFactory, JobFactory, MembershipFactory
from moderation.models import Decision, JobDecision
from moderation.tests.factories import JobReportFactory

pytestmark = pytest.mark.django_db

APPS = {"accounts", "audit", "candidates", "jobs", "hiring", "moderation"}
MODELS = [model for model in admin.site._registry if model._meta.app_label in APPS]


@pytest.fixture
def rows(db):
    """Two of everything, so an N+1 would show as extra queries."""
    for _ in range(2):
        membership = MembershipFactory()
        application = ApplicationFactory(job=JobFactory(company=membership.company))
        ApplicationStatusChangeFactory(application=application, changed_by=membership.user)
        CVFactory(candidate=application.candidate)
        ExperienceFactory(candidate=application.candidate)
        EducationFactory(candidate=application.candidate)
        SkillFactory(candidate=application.candidate)
        SavedJobFactory(candidate=application.candidate)
        membership.company.invitations.create(email=f"x{membership.pk}@example.com", token=f"t{membership.pk}")
        application.candidate.user.notifications.create(type="system", title="Hello")
        AuditEventFactory(application=application, actor=membership.user)
        report = JobReportFactory(job=application.job, reporter=application.candidate.user)
        JobDecision.objects.create(job=report.job, decision=Decision.APPROVED, decided_by=membership.user)
        InterviewerFactory(interview=InterviewFactory(application=application), user=membership.user)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_open(client, staff, rows, model, django_assert_max_num_queries):
    client.force_login(staff)
    info = model._meta.app_label, model._meta.model_name
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert response.status_code == 200
    obj = model.objects.first()
    assert client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code in {200, 403}


def test_job_actions_publish_and_close_through_the_services(client, staff):
    draft = JobFactory(draft=True, salary_min=40_000, salary_max=50_000)
    no_salary = JobFactory(draft=True)
    client.force_login(staff)
    url = reverse("admin:jobs_job_changelist")
    client.post(url, {"action": "publish", "_selected_action": [draft.pk, no_salary.pk]}, follow=True)
    draft.refresh_from_db()
    no_salary.refresh_from_db()
    assert draft.status == JobStatus.PUBLISHED and draft.posted_at is not None
    assert no_salary.status == JobStatus.DRAFT  # refused: a published job shows its pay
    client.post(url, {"action": "close", "_selected_action": [draft.pk]})
    assert Job.objects.get(pk=draft.pk).status == JobStatus.CLOSED


def test_application_actions_move_the_pipeline_and_write_history(client, staff):
    moved, final = ApplicationFactory(), ApplicationFactory(status=ApplicationStatus.ACCEPTED)
    client.force_login(staff)
    client.post(
        reverse("admin:jobs_application_changelist"),
        {"action": "move_to_interview", "_selected_action": [moved.pk, final.pk]},
    )
    assert Application.objects.get(pk=moved.pk).status == ApplicationStatus.INTERVIEW
    assert Application.objects.get(pk=final.pk).status == ApplicationStatus.ACCEPTED  # final stays final
    change = moved.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("applied", "interview", staff)
