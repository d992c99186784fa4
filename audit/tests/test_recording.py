"""Who opened, downloaded and moved: each path that touches someone else's application or CV
writes one audit event, in the company whose records they are; the owner's own actions none."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.mfa import sign_in_with_mfa
from audit.models import AuditAction, AuditEvent
from candidates.tests.factories import CVFactory
from jobs.models import ApplicationStatus
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(employer):
    job = JobFactory(company=employer.company)
    application = ApplicationFactory(job=job)
    application.cv = CVFactory(candidate=application.candidate)
    application.save()
    return application


def events():
    return list(AuditEvent.objects.order_by("id").values_list("action", "actor", "company", "application", "cv"))


def test_opening_an_application_page_is_recorded_each_time(client, employer, application):
    client.force_login(employer.user)
    client.get(reverse("employer:application_detail", args=[application.pk]))
    client.get(reverse("employer:application_detail", args=[application.pk]))
    opened = (AuditAction.APPLICATION_VIEWED, employer.user.pk, employer.company_id, application.pk, None)
    assert events() == [opened, opened]  # marked viewed too, but that move is the opening itself


def test_moving_is_recorded_with_its_statuses(client, employer, application):
    client.force_login(employer.user)
    client.post(reverse("employer:application_move", args=[application.pk]), {"status": "interview"})
    (event,) = AuditEvent.objects.all()
    assert (event.action, event.actor, event.company_id, event.application_id, event.detail) == (
        AuditAction.APPLICATION_MOVED,
        employer.user,
        employer.company_id,
        application.pk,
        {"from": "applied", "to": "interview"},
    )


def test_a_bulk_move_records_each_application(client, employer, application):
    other = ApplicationFactory(job=application.job)
    client.force_login(employer.user)
    client.post(
        reverse("employer:application_bulk_move", args=[application.job_id]),
        {"applications": [application.pk, other.pk], "status": ApplicationStatus.SHORTLISTED, "note": ""},
    )
    assert sorted(AuditEvent.objects.values_list("application", flat=True)) == sorted([application.pk, other.pk])


def test_a_refused_move_records_nothing(client, employer, application):
    client.force_login(employer.user)
    client.post(reverse("employer:application_move", args=[application.pk]), {"status": "applied"})
    assert events() == []


def test_downloading_the_cv_from_the_application_page_is_recorded(client, employer, application):
    client.force_login(employer.user)
    response = client.get(reverse("employer:application_cv", args=[application.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert events() == [
        (AuditAction.CV_DOWNLOADED, employer.user.pk, employer.company_id, application.pk, application.cv_id)
    ]


def test_another_companys_member_cannot_download_it_and_nothing_is_recorded(client, application):
    client.force_login(MembershipFactory().user)
    assert client.get(reverse("employer:application_cv", args=[application.pk])).status_code == 404
    assert client.get(reverse("candidates:cv_download", args=[application.cv_id])).status_code == 404
    assert events() == []


def test_the_cv_link_names_the_company_it_was_sent_to(client, employer, application):
    client.force_login(employer.user)
    assert client.get(reverse("candidates:cv_download", args=[application.cv_id])).status_code == 200
    assert events() == [(AuditAction.CV_DOWNLOADED, employer.user.pk, employer.company_id, None, application.cv_id)]


def test_the_candidates_own_downloads_are_not_recorded(client, application):
    client.force_login(application.candidate.user)
    assert client.get(reverse("candidates:cv_download", args=[application.cv_id])).status_code == 200
    assert client.get(f"/api/v1/me/cvs/{application.cv_id}/download/").status_code == 200
    assert client.get(f"/api/v1/applications/{application.pk}/cv/").status_code == 200
    assert client.get(f"/api/v1/applications/{application.pk}/").status_code == 200
    assert events() == []


def test_the_api_records_opening_and_downloading(employer, application):
    api = Client()
    api.force_login(employer.user)
    api.get(f"/api/v1/applications/{application.pk}/")
    api.get(f"/api/v1/applications/{application.pk}/cv/")
    api.post(f"/api/v1/applications/{application.pk}/status/", {"status": "rejected"}, content_type="application/json")
    assert [event[0] for event in events()] == [
        AuditAction.APPLICATION_VIEWED,
        AuditAction.CV_DOWNLOADED,
        AuditAction.APPLICATION_MOVED,
    ]
    assert {event[2] for event in events()} == {employer.company_id}


def test_staff_opening_an_application_are_recorded_in_the_companys_log(client, staff, application):
    sign_in_with_mfa(client, staff)
    client.get(f"/api/v1/applications/{application.pk}/")
    client.get(reverse("admin:jobs_application_change", args=[application.pk]))
    opened = (AuditAction.APPLICATION_VIEWED, staff.pk, application.job.company_id, application.pk, None)
    assert events() == [opened, opened]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED  # staff looking is not the company viewing it
