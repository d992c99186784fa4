"""Download my data: the worker builds a ZIP of every row about the person and their CV files,
which only they can download, for 24 hours; they are told by email."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import StaffFactory, UserFactory
from audit.models import AuditAction, AuditEvent
from intowork.tests.helpers import violates
from jobs.tests.factories import MembershipFactory
from privacy.models import DataExport, ExportStatus
from privacy.services import EXPORT, data_export_request, data_exports_purge
from privacy.tests.test_account_delete import EMAIL, NAME, PHONE, seed_everything

pytestmark = pytest.mark.django_db


def models_about_a_person() -> set[str]:
    """Every model with a foreign key or one-to-one to the user, and, one level down, every
    model owned by a one-to-one of the user (a candidate's profile owns their CVs...)."""
    user_model = get_user_model()

    def linking_to(targets):
        return {
            model
            for model in apps.get_models()
            if not model._meta.proxy
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in targets
        }

    direct = linking_to({user_model})
    profiles = {
        model
        for model in direct
        for field in model._meta.concrete_fields
        if isinstance(field, models.OneToOneField) and field.related_model is user_model
    }
    return {model._meta.label for model in direct | linking_to(profiles) | {user_model}}


def test_the_export_covers_every_model_that_links_to_a_person():
    missing = models_about_a_person() - set(EXPORT)
    assert missing == set(), f"add these to privacy.services.EXPORT (or say why not): {sorted(missing)}"


def test_the_enumeration_sees_the_profiles_rows():
    found = models_about_a_person()
    assert {"candidates.CV", "candidates.Skill", "jobs.Application", "accounts.Notification"} <= found


def download(client, export):
    response = client.get(reverse("privacy:data_export_download", args=[export.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_asking_builds_the_zip_emails_the_link_and_records_it(client, django_capture_on_commit_callbacks):
    recruiter, staff = MembershipFactory(), StaffFactory()
    profile, cv, applications = seed_everything(recruiter, staff)
    client.force_login(profile.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:data_export"), follow=True)
    assert "We are preparing your data" in response.text
    export = DataExport.objects.get(user=profile.user)
    assert export.status == ExportStatus.READY and export.expires_at > timezone.now() + datetime.timedelta(hours=23)
    assert reverse("privacy:data_export_download", args=[export.pk]) in client.get(reverse("privacy:data_export")).text

    archive = download(client, export)
    assert {f"{label}.json" for label in EXPORT} <= set(archive.namelist())
    [cv_name] = [name for name in archive.namelist() if name.startswith("cvs/")]
    assert archive.read(cv_name) == default_storage.open(cv.file.name).read()
    user_rows = json.loads(archive.read("accounts.User.json"))
    assert user_rows[0]["email"] == EMAIL and user_rows[0]["full_name"] == NAME and "password" not in user_rows[0]
    assert json.loads(archive.read("candidates.CandidateProfile.json"))[0]["phone"] == PHONE
    mine = json.loads(archive.read("jobs.Application.json"))
    assert sorted(row["id"] for row in mine) == sorted(a.pk for a in applications)
    assert all("employer_notes" not in row for row in mine)  # the employer's, not theirs
    history = json.loads(archive.read("jobs.ApplicationStatusChange.json"))
    assert history and all("note" not in row for row in history)
    viewed = json.loads(archive.read("audit.AuditEvent.json"))
    assert {"application_viewed", "cv_downloaded"} <= {row["action"] for row in viewed}

    [email] = [message for message in mail.outbox if message.to == [EMAIL]]
    assert "Your data is ready to download" in email.subject + email.body
    assert "/account/data/" in email.body
    assert AuditEvent.objects.filter(
        action=AuditAction.DATA_EXPORTED, actor=profile.user, subject=profile.user
    ).exists()


def test_only_the_owner_can_download_and_only_for_24_hours(client, django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=owner)
    export.refresh_from_db()
    url = reverse("privacy:data_export_download", args=[export.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 404
    assert "No export yet" in client.get(reverse("privacy:data_export")).text


def test_the_purge_deletes_expired_exports_and_their_files(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old, fresh = data_export_request(user=UserFactory()), data_export_request(user=UserFactory())
    old.refresh_from_db()
    DataExport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert default_storage.exists(old.file.name)
    assert data_exports_purge() == 1
    assert list(DataExport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not default_storage.exists(old.file.name)
    assert data_exports_purge() == 0  # idempotent


def test_asking_again_while_it_builds_returns_the_same_export():
    user = UserFactory()
    first = data_export_request(user=user)  # not built: its task runs on commit
    assert data_export_request(user=user) == first
    with violates("privacy_dataexport_one_pending_per_user_uniq"):
        DataExport.objects.create(user=user)


def test_a_ready_export_has_its_file_and_its_end():
    user = UserFactory()
    with violates("privacy_dataexport_ready_has_file_check"):
        DataExport.objects.create(user=user, status=ExportStatus.READY)
    with violates("privacy_dataexport_ready_has_file_check"):
        DataExport.objects.create(user=user, file=ContentFile(b"x", name="x.zip"))


def test_the_api_asks_and_lists_with_fixed_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/api/v1/me/data-exports/")
    assert response.status_code == 202 and response.json()["status"] in ("pending", "ready")
    DataExport.objects.filter(user=user).update(
        status=ExportStatus.READY, file="exports/x.zip", expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    data_export_request(user=user)
    with django_assert_max_num_queries(6):
        listed = client.get("/api/v1/me/data-exports/").json()
    assert len(listed) == 2 and listed[1]["download_url"].endswith(f"/account/data/{listed[1]['id']}/download/")
    assert listed[0]["download_url"] is None
