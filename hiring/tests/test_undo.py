"""Undoing a bulk move: within 10 minutes, once, restoring only the applications nobody changed
since; the undo is on each history. On the page and over the API."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hiring import services
from hiring.models import BulkMove
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import Application, ApplicationStatus
from jobs.services import application_change_status
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(employer):
    job = JobFactory(company=employer.company)
    return job, ApplicationFactory.create_batch(3, job=job, status=ApplicationStatus.VIEWED)


def statuses(applications):
    return [Application.objects.get(pk=a.pk).status for a in applications]


def test_undo_restores_only_what_did_not_change_since(pipeline, employer):
    job, applications = pipeline
    result = services.applications_bulk_move(job=job, applications=applications, to="shortlisted", by=employer.user)
    assert result.moved == 3 and result.bulk_move.items.count() == 3
    # A colleague moves one of them on meanwhile: the undo leaves it there.
    colleague = MembershipFactory(company=employer.company).user
    application_change_status(application=applications[0], to="interview", by=colleague)

    undo = services.bulk_move_undo(bulk_move=result.bulk_move, by=employer.user)
    assert undo.restored == 2 and [a.pk for a in undo.kept] == [applications[0].pk]
    assert statuses(applications) == ["interview", "viewed", "viewed"]
    last = Application.objects.get(pk=applications[1].pk).status_changes.order_by("-id").first()
    assert (last.from_status, last.to_status, last.note) == ("shortlisted", "viewed", "Undo of a bulk move")
    with pytest.raises(ConflictError, match="already undone"):
        services.bulk_move_undo(bulk_move=result.bulk_move, by=employer.user)


def test_a_reapplication_meanwhile_keeps_the_rejection(pipeline, employer):
    job, applications = pipeline
    result = services.applications_bulk_move(job=job, applications=applications[:1], to="rejected", by=employer.user)
    ApplicationFactory(job=job, candidate=applications[0].candidate)  # applies again: one live application only
    undo = services.bulk_move_undo(bulk_move=result.bulk_move, by=employer.user)
    assert undo.restored == 0 and statuses(applications[:1]) == ["rejected"]


def test_ten_minutes_only(pipeline, employer):
    job, applications = pipeline
    result = services.applications_bulk_move(job=job, applications=applications, to="shortlisted", by=employer.user)
    BulkMove.objects.filter(pk=result.bulk_move.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    with pytest.raises(ServiceError, match="10 minutes only"):
        services.bulk_move_undo(bulk_move=result.bulk_move, by=employer.user)
    assert statuses(applications) == ["shortlisted"] * 3
    assert not BulkMove.objects.undoable(by=employer.user, job_id=job.pk).exists()


def test_the_undone_check(pipeline, employer):
    job, applications = pipeline
    result = services.applications_bulk_move(job=job, applications=applications, to="shortlisted", by=employer.user)
    with pytest.raises(IntegrityError, match="hiring_bulkmove_undone_check"), transaction.atomic():
        BulkMove.objects.filter(pk=result.bulk_move.pk).update(undone_by=employer.user)


def test_undo_from_the_list_page(client, pipeline, employer, django_assert_max_num_queries):
    job, applications = pipeline
    client.force_login(employer.user)
    client.post(
        reverse("employer:application_bulk_move", args=[job.pk]),
        {"applications": [a.pk for a in applications], "status": "rejected", "note": ""},
    )
    with django_assert_max_num_queries(8):
        html = client.get(reverse("employer:application_list", args=[job.pk])).content.decode()
    assert 'id="bulk-move-undo"' in html
    bulk_move = BulkMove.objects.get()
    # Someone else's undo is a 404 and changes nothing.
    client.force_login(MembershipFactory(company=employer.company).user)
    assert client.post(reverse("employer_hiring:bulk_move_undo", args=[bulk_move.pk])).status_code == 404
    client.force_login(employer.user)
    response = client.post(reverse("employer_hiring:bulk_move_undo", args=[bulk_move.pk]), follow=True)
    assert "3 applications put back." in response.content.decode()
    assert statuses(applications) == ["viewed"] * 3
    assert 'id="bulk-move-undo"' not in response.content.decode()


def test_bulk_move_and_undo_over_the_api(client, pipeline, employer):
    job, applications = pipeline
    client.force_login(employer.user)
    url = f"/api/v1/employer/jobs/{job.pk}/bulk-move/"
    ids = [a.pk for a in applications]
    stranger = ApplicationFactory()
    refused = client.post(url, {"applications": [*ids, stranger.pk], "status": "rejected"}, "application/json")
    assert refused.status_code == 400 and "applications" in refused.json()["error"]["fields"]
    moved = client.post(url, {"applications": ids, "status": "rejected"}, "application/json").json()
    assert moved["moved"] == 3 and moved["failed"] == []
    undone = client.post(f"/api/v1/bulk-moves/{moved['bulk_move']}/undo/").json()
    assert undone == {"restored": 3, "kept": []}
    assert client.post(f"/api/v1/bulk-moves/{moved['bulk_move']}/undo/").status_code == 409
