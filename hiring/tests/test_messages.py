"""Message templates: placeholders checked and filled, preview, sending one or with a bulk move
("reject these 40"), the messages on both timelines; the database's rules; the API."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Notification, NotificationType
from hiring import services
from hiring.models import ApplicationMessage, MessageTemplate
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import Application, ApplicationStatus
from jobs.tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db
REJECTION = {
    "name": "Polite rejection",
    "kind": "rejection",
    "language": "en",
    "subject": "Your application for {job_title}",
    "body": "Dear {candidate_name},\n{company} will not move forward. 100% thanks.",
}


@pytest.fixture
def template(employer):
    return services.template_save(company=employer.company, by=employer.user, **REJECTION)


def test_placeholders_are_checked_and_filled(template, application, employer):
    subject, body = services.message_render(template=template, application=application)
    assert subject == f"Your application for {application.job.title}"
    assert body.startswith(f"Dear {application.candidate.user.display_name},\n{employer.company.name} will not")
    with pytest.raises(ServiceError, match=r"Unknown placeholder: salary"):
        services.template_save(
            company=employer.company, by=employer.user, **{**REJECTION, "name": "B", "body": "{salary}"}
        )
    with pytest.raises(ServiceError, match="A brace is not closed"):
        services.template_save(
            company=employer.company, by=employer.user, **{**REJECTION, "name": "C", "body": "Hi {"}
        )
    with pytest.raises(ConflictError, match="already has a template with this name"):
        services.template_save(company=employer.company, by=employer.user, **REJECTION)
    services.template_save(company=employer.company, by=employer.user, **{**REJECTION, "language": "fr"})


def test_database_checks(template):
    with pytest.raises(IntegrityError, match="hiring_messagetemplate_language_valid_check"), transaction.atomic():
        MessageTemplate.objects.filter(pk=template.pk).update(language="xx")
    with pytest.raises(IntegrityError, match="hiring_messagetemplate_kind_valid_check"), transaction.atomic():
        MessageTemplate.objects.filter(pk=template.pk).update(kind="spam")
    with pytest.raises(IntegrityError, match="hiring_messagetemplate_name_per_company_uniq"), transaction.atomic():
        MessageTemplate.objects.create(company=template.company, **REJECTION)


def test_reject_these_with_the_template(template, application, employer):
    others = ApplicationFactory.create_batch(2, job=application.job)
    everyone = [application, *others]
    result = services.applications_bulk_move(
        job=application.job, applications=everyone, to="rejected", by=employer.user, template=template
    )
    assert result.moved == 3
    assert set(Application.objects.filter(pk__in=[a.pk for a in everyone]).values_list("status", flat=True)) == {
        ApplicationStatus.REJECTED
    }
    assert ApplicationMessage.objects.count() == 3
    notification = Notification.objects.get(user=application.candidate.user, type=NotificationType.MESSAGE)
    assert notification.title == f"Your application for {application.job.title}"
    assert "100% thanks" in notification.message
    another = services.template_save(company=MembershipFactory().company, by=employer.user, **REJECTION)
    with pytest.raises(ServiceError, match="one of your company's templates"):
        services.applications_bulk_move(
            job=application.job, applications=others, to="rejected", by=employer.user, template=another
        )


def test_preview_send_and_both_timelines(client, template, application, employer, django_assert_max_num_queries):
    client.force_login(employer.user)
    preview = client.get(
        reverse("employer_hiring:message_preview", args=[application.pk]),
        {"template": template.pk},
        HTTP_HX_REQUEST="true",
    )
    assert f"Your application for {application.job.title}" in preview.content.decode()
    assert not ApplicationMessage.objects.exists()
    client.post(reverse("employer_hiring:message_send", args=[application.pk]), {"template": template.pk})
    page = client.get(reverse("employer:application_detail", args=[application.pk])).content.decode()
    assert page.count('class="mb-2 application-message"') == 1
    client.force_login(application.candidate.user)
    with django_assert_max_num_queries(12):
        mine = client.get(f"/applications/{application.pk}/").content.decode()
    assert "will not move forward" in mine


def test_bulk_move_page_with_a_template(client, template, application, employer):
    client.force_login(employer.user)
    client.post(
        reverse("employer:application_bulk_move", args=[application.job_id]),
        {"applications": [application.pk], "status": "rejected", "note": "", "template": template.pk},
    )
    assert ApplicationMessage.objects.get().application == application
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REJECTED


def test_templates_pages(client, template, employer):
    client.force_login(employer.user)
    assert "Polite rejection" in client.get(reverse("employer_hiring:template_list")).content.decode()
    url = reverse("employer_hiring:template_edit", args=[template.pk])
    response = client.post(url, {**REJECTION, "body": "Hello {nobody}"})
    assert response.status_code == 400 and "Unknown placeholder" in response.content.decode()
    assert client.post(url, {**REJECTION, "subject": "About {job_title}"}).status_code == 302
    assert MessageTemplate.objects.get().subject == "About {job_title}"
    client.force_login(MembershipFactory().user)
    assert client.get(url).status_code == 404


def test_the_api(client, template, application, employer):
    client.force_login(employer.user)
    listed = client.get("/api/v1/employer/message-templates/").json()
    assert [t["name"] for t in listed] == ["Polite rejection"]
    created = client.post(
        "/api/v1/employer/message-templates/", {**REJECTION, "name": "Offer", "kind": "offer"}, "application/json"
    )
    assert created.status_code == 201, created.content
    bad = client.patch(
        f"/api/v1/employer/message-templates/{template.pk}/", {"body": "{oops}"}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "unknown_placeholder"
    preview = client.get(f"/api/v1/applications/{application.pk}/messages/preview/", {"template": template.pk})
    assert preview.json()["subject"] == f"Your application for {application.job.title}"
    sent = client.post(
        f"/api/v1/applications/{application.pk}/messages/", {"template": template.pk}, "application/json"
    )
    assert sent.status_code == 201
    client.force_login(application.candidate.user)
    assert len(client.get(f"/api/v1/applications/{application.pk}/messages/").json()) == 1
    refused = client.post(
        f"/api/v1/applications/{application.pk}/messages/", {"template": template.pk}, "application/json"
    )
    assert refused.status_code == 403
