"""Every admin page opens, with a bounded number of queries, and the actions go through the services."""

import pytest
from django.contrib import admin
from django.urls import reverse

from audit.tests.factories import AuditEventFactory
from candidates.tests.factories import CVFactory, EducationFactory, ExperienceFactory, SavedJobFactory, SkillFactory
from jobs.models import Application, ApplicationStatus, Job, JobStatus
from jobs.tests.factories import ApplicationFactory, ApplicationStatusChangeFactory, JobFactory, MembershipFactory
from moderation.models import Decision, JobDecision
from moderation.tests.factories import JobReportFactory
from privacy.models import PolicyConsent, PolicyDocument
from privacy.services import policies_current

pytestmark = pytest.mark.django_db

APPS = {"accounts", "audit", "candidates", "jobs", "moderation", "privacy"}
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
    for version in (1, 2):
        document = PolicyDocument.objects.create(kind="terms", version=version, title="Terms", body="Be kind.")
        PolicyConsent.objects.create(user=application.candidate.user, document=document)


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


def test_a_published_policy_version_is_read_only_and_saving_one_asks_everyone(client, staff):
    client.force_login(staff)
    add = reverse("admin:privacy_policydocument_add")
    fields = {"kind": "terms", "version": 1, "title": "Terms", "body": "Be kind.", "summary_of_changes": ""}
    response = client.post(add, {**fields, "published_at_0": "2026-01-01", "published_at_1": "00:00:00"})
    assert response.status_code == 302
    document = PolicyDocument.objects.get()
    assert policies_current() == [document.pk]  # the cache forgot the old answer
    change = client.get(reverse("admin:privacy_policydocument_change", args=[document.pk])).text
    assert 'name="body"' not in change  # what people accepted never changes
