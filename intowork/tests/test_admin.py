"""Every admin page opens, with a bounded number of queries, and the actions go through the services."""

import io

import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.tests.mfa import sign_in_with_mfa
from alerts.models import AlertDigest
from alerts.tests.factories import AlertFactory
from audit.tests.factories import AuditEventFactory
from candidates.models import CV
from candidates.tests.factories import (
    PDF_BYTES,
    CVFactory,
    EducationFactory,
    ExperienceFactory,
    SavedJobFactory,
    SkillFactory,
)
from hiring.tests.factories import InterviewerFactory, InterviewFactory
from jobs.models import Application, ApplicationStatus, Job, JobModeration, JobStatus, MemberRole, Membership
from jobs.tests.factories import ApplicationFactory, ApplicationStatusChangeFactory, JobFactory, MembershipFactory
from jobs.tests.helpers import png
from moderation.models import Decision, JobDecision
from moderation.tests.factories import JobReportFactory
from privacy.models import PolicyConsent, PolicyDocument
from privacy.services import policies_current

pytestmark = pytest.mark.django_db

APPS = {"accounts", "alerts", "audit", "candidates", "hiring", "jobs", "moderation", "privacy", "scheduling"}
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
        AlertDigest.objects.create(alert=AlertFactory(user=application.candidate.user), job_count=1)
    for version in (1, 2):
        document = PolicyDocument.objects.create(kind="terms", version=version, title="Terms", body="Be kind.")
        PolicyConsent.objects.create(user=application.candidate.user, document=document)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_open(client, staff, rows, model, django_assert_max_num_queries):
    sign_in_with_mfa(client, staff)
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
    sign_in_with_mfa(client, staff)
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
    sign_in_with_mfa(client, staff)
    client.post(
        reverse("admin:jobs_application_changelist"),
        {"action": "move_to_interview", "_selected_action": [moved.pk, final.pk]},
    )
    assert Application.objects.get(pk=moved.pk).status == ApplicationStatus.INTERVIEW
    assert Application.objects.get(pk=final.pk).status == ApplicationStatus.ACCEPTED  # final stays final
    change = moved.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("applied", "interview", staff)


# --- The admin honours the site's rules (issue 12, point 10) ------------------------------------


def form_data(response, **changes) -> dict:
    """What the admin page's form would send unchanged (its fields and inline formsets), with
    ``changes``."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.FileField) or value is None:
            continue
        data[name] = [str(item) for item in value] if isinstance(value, list | tuple) else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(name): management[name].value() for name in management.fields}
    return {**data, **changes}


def test_a_jobs_status_is_not_editable_in_its_form(client, staff):
    job = JobFactory(draft=True, salary_min=40_000, salary_max=50_000)
    sign_in_with_mfa(client, staff)
    url = reverse("admin:jobs_job_change", args=[job.pk])
    page = client.get(url)
    assert "status" not in page.context["adminform"].form.fields
    response = client.post(url, form_data(page, title="Renamed", status="published", moderation="hidden"))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.title, job.status, job.posted_at, job.moderation) == ("Renamed", JobStatus.DRAFT, None, "approved")


def test_editing_a_new_companys_published_job_in_the_admin_holds_it_for_approval(client, staff):
    """job_update's rule, as when the employer edits it on the site."""
    job = JobFactory()  # published; its company was created now: new
    assert job.posted_at is not None and job.moderation == JobModeration.APPROVED
    sign_in_with_mfa(client, staff)
    url = reverse("admin:jobs_job_change", args=[job.pk])
    client.post(url, form_data(client.get(url), description="Now with a fee to apply."))
    job.refresh_from_db()
    assert (job.description, job.moderation) == ("Now with a fee to apply.", JobModeration.PENDING)


def test_a_job_added_in_the_admin_is_a_draft(client, staff):
    company = MembershipFactory().company
    sign_in_with_mfa(client, staff)
    url = reverse("admin:jobs_job_add")
    data = form_data(client.get(url), company=company.pk, title="Welder", description="Weld.", slug="welder")
    data |= {"location_type": "on_site", "job_type": "full_time", "salary_currency": "EUR"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    job = Job.objects.get(title="Welder")
    assert (job.status, job.posted_at, job.company) == (JobStatus.DRAFT, None, company)


def test_only_drafts_are_deleted_from_the_admin(client, staff):
    draft, published = JobFactory(draft=True), JobFactory()
    sign_in_with_mfa(client, staff)
    assert client.get(reverse("admin:jobs_job_delete", args=[published.pk])).status_code == 403
    changelist = reverse("admin:jobs_job_changelist")
    assert "delete_selected" not in client.get(changelist).context["action_form"].fields["action"].choices.__repr__()
    response = client.post(
        changelist, {"action": "delete_drafts", "_selected_action": [draft.pk, published.pk]}, follow=True
    )
    assert list(Job.objects.values_list("pk", flat=True)) == [published.pk]
    assert "Only a draft can be deleted" in response.text


def test_a_cv_uploaded_in_the_admin_passes_the_candidates_checks(client, staff):
    cv = CVFactory()
    sign_in_with_mfa(client, staff)
    url = reverse("admin:candidates_cv_change", args=[cv.pk])
    page = client.get(url)
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a PDF", content_type="application/pdf")
    response = client.post(url, form_data(page, file=fake))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == ["Upload a PDF or a Word (DOCX) document."]
    assert CV.objects.get(pk=cv.pk).file.name == cv.file.name

    real = SimpleUploadedFile("new.pdf", PDF_BYTES, content_type="text/plain")
    assert client.post(url, form_data(page, file=real)).status_code == 302
    cv.refresh_from_db()
    assert (cv.content_type, cv.size) == ("application/pdf", len(PDF_BYTES))  # read from the file


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (lambda: SimpleUploadedFile("logo.gif", gif()), "File extension “gif” is not allowed."),
        (lambda: SimpleUploadedFile("logo.png", png() + b"\0" * (1024 * 1024)), "A logo can be at most 1 MB."),
        (lambda: SimpleUploadedFile("logo.png", b"<svg></svg>"), "Upload a valid image."),
    ],
)
def test_a_logo_uploaded_in_the_admin_passes_the_employers_checks(client, staff, upload, error):
    company = MembershipFactory().company
    sign_in_with_mfa(client, staff)
    url = reverse("admin:jobs_company_change", args=[company.pk])
    response = client.post(url, form_data(client.get(url), logo=upload()))
    assert response.status_code == 200
    assert any(message.startswith(error) for message in response.context["adminform"].form.errors["logo"])
    company.refresh_from_db()
    assert not company.logo


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "GIF")
    return buffer.getvalue()


def test_the_admin_keeps_a_company_owner(client, staff):
    """Demoting or deleting the last owner is a form error or refused, never the trigger's 500."""
    owner = MembershipFactory()
    recruiter = MembershipFactory(company=owner.company, role=MemberRole.RECRUITER)
    sign_in_with_mfa(client, staff)
    url = reverse("admin:jobs_membership_change", args=[owner.pk])
    response = client.post(url, form_data(client.get(url), role="recruiter"))
    assert response.status_code == 200 and "A company needs an owner" in response.text
    assert client.get(reverse("admin:jobs_membership_delete", args=[owner.pk])).status_code == 403
    assert client.get(reverse("admin:jobs_membership_delete", args=[recruiter.pk])).status_code == 200

    company_url = reverse("admin:jobs_company_change", args=[owner.company_id])
    data = form_data(client.get(company_url))
    data |= {f"memberships-{n}-DELETE": "on" for n in range(2) if f"memberships-{n}-id" in data}
    response = client.post(company_url, data)
    assert response.status_code == 200 and "A company needs an owner" in response.text
    assert Membership.objects.filter(company=owner.company).count() == 2


def test_a_published_policy_version_is_read_only_and_saving_one_asks_everyone(client, staff):
    sign_in_with_mfa(client, staff)
    add = reverse("admin:privacy_policydocument_add")
    fields = {"kind": "terms", "version": 1, "title": "Terms", "body": "Be kind.", "summary_of_changes": ""}
    response = client.post(add, {**fields, "published_at_0": "2026-01-01", "published_at_1": "00:00:00"})
    assert response.status_code == 302
    document = PolicyDocument.objects.get()
    assert policies_current() == [document.pk]  # the cache forgot the old answer
    change = client.get(reverse("admin:privacy_policydocument_change", args=[document.pk])).text
    assert 'name="body"' not in change  # what people accepted never changes
