"""Delete my account: after re-authentication, every trace of the person goes in one
transaction (files after commit); their applications stay, anonymised, for the employers'
counts; a company's last owner is refused."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification, User
from accounts.tests.factories import StaffFactory, UserFactory
from alerts.tests.factories import AlertFactory
from audit.models import AuditAction, AuditEvent
from candidates.files import cv_file_response
from candidates.models import CV, CandidateProfile
from candidates.services import cv_upload, saved_job_add, skill_add
from candidates.tests.factories import PDF_BYTES, CandidateProfileFactory, EducationFactory, ExperienceFactory
from hiring.models import ApplicationMessage, ApplicationNote
from hiring.tests.factories import InterviewerFactory, InterviewFactory
from intowork.tests.helpers import violates
from jobs.models import Application, ApplicationStatus, ApplicationStatusChange, CompanyInvitation, MemberRole
from jobs.services import (
    application_change_status,
    application_open,
    application_submit,
    application_withdraw,
    company_invite,
)
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory
from moderation.models import JobReport
from moderation.services import job_hide, report_submit
from privacy.services import account_delete

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the factories'
EMAIL, OTHER_EMAIL = "zoltan.quixley@example.com", "zq.private@example.org"
NAME, PHONE = "Zoltán Quixley-Ampersand", "+33 6 99 88 77 66"


def seed_everything(recruiter, staff):
    """A candidate with every kind of data the site holds about a person."""
    user = UserFactory(email=EMAIL, full_name=NAME, preferred_name="Zoli")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email=OTHER_EMAIL, verified=True, primary=False)
    SocialAccount.objects.create(user=user, provider="github", uid="4242", extra_data={"email": EMAIL, "name": NAME})
    profile = CandidateProfileFactory(user=user, phone=PHONE, bio=f"I am {NAME}, call {PHONE}.", headline="Welder")
    cv = cv_upload(candidate=profile, file=ContentFile(PDF_BYTES, name="zoltan-cv.pdf"), title=f"CV of {NAME}")
    ExperienceFactory(candidate=profile, description=f"{NAME} welded.")
    EducationFactory(candidate=profile)
    skill_add(candidate=profile, name="Welding")
    jobs = [JobFactory(company=recruiter.company, title=f"Welder {n}") for n in range(3)]
    saved_job_add(candidate=profile, job=jobs[2])
    applied = application_submit(candidate=profile, job=jobs[0], cv=cv, cover_letter=f"Regards, {NAME}, {PHONE}")
    application_open(application=applied, by=recruiter.user, as_member=True)
    application_change_status(
        application=applied, to=ApplicationStatus.INTERVIEW, by=recruiter.user, note=f"Call {NAME} on {PHONE}"
    )
    cv_file_response(cv, accessed_by=recruiter.user, company_id=recruiter.company_id, application_id=applied.pk)
    withdrawn = application_submit(candidate=profile, job=jobs[1], cover_letter="Hello")
    application_withdraw(application=withdrawn, by=user, reason="other", note=f"Write to me at {OTHER_EMAIL}")
    report = report_submit(job=jobs[2], reporter=user, reason="scam", note=f"Reply to {EMAIL}", client_key="k")
    job_hide(job=jobs[2], by=staff, note=f"Reported by {NAME}")
    JobReport.objects.filter(pk=report.pk).update(resolution_note=f"Thanked {EMAIL}")
    company_invite(company=recruiter.company, email=OTHER_EMAIL, by=recruiter.user)
    DBTaskResult.objects.create(
        task_path="accounts.tasks.send_account_email",
        args_kwargs={"args": [], "kwargs": {"to": [EMAIL], "body": f"Hello {NAME}"}},
        backend_name="default",
        run_after=timezone.now(),
    )
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[user], action_flag=CHANGE, change_message=f"Changed {EMAIL}", single_object=True
    )
    # The hiring app's rows: an interview and the candidate's answer, a note, a message, and an
    # alert saved as a guest with their other address before they signed up.
    interview = InterviewFactory(application=applied, response_note=f"{NAME} here, {PHONE} works")
    InterviewerFactory(interview=interview, user=recruiter.user)
    ApplicationNote.objects.create(application=applied, author=recruiter.user, body=f"Met {NAME}, strong")
    ApplicationMessage.objects.create(
        application=applied, subject=f"Hello {NAME}", body=f"Dear {NAME}, see you", sent_by=recruiter.user
    )
    AlertFactory(user=None, email=OTHER_EMAIL, name="Welding")
    return profile, cv, [applied, withdrawn]


def text_columns_containing(*needles):
    """Every (table, column) of type text, varchar or json(b), in every table, holding a needle."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
            " AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
        )
        for table, column in cursor.fetchall():
            for needle in needles:
                cursor.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s', [f"%{needle}%"])  # noqa: S608 (names from the catalogue)
                if cursor.fetchone()[0]:
                    found.append((table, column, needle))
    return found


def test_deleting_an_account_leaves_no_trace_and_keeps_the_employers_counts(django_capture_on_commit_callbacks):
    recruiter, staff = MembershipFactory(), StaffFactory()
    profile, cv, applications = seed_everything(recruiter, staff)
    user = profile.user
    history = ApplicationStatusChange.objects.filter(application__in=applications).count()
    assert text_columns_containing(EMAIL, NAME, PHONE)  # the scan sees them before
    assert default_storage.exists(cv.file.name)
    funnel = list(
        Application.objects.filter(job__company=recruiter.company).values_list("job", "status").order_by("job")
    )

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=user)

    assert text_columns_containing(EMAIL, OTHER_EMAIL, NAME, PHONE) == []
    assert not default_storage.exists(cv.file.name)
    for model in (User, CandidateProfile, CV, EmailAddress, SocialAccount):
        assert not model.objects.filter(pk__in=[user.pk, profile.pk, cv.pk]).exists() or model is EmailAddress
    assert not EmailAddress.objects.filter(email__in=[EMAIL, OTHER_EMAIL]).exists()
    assert not CompanyInvitation.objects.filter(email=OTHER_EMAIL).exists()
    # The employer's figures: the same applications, jobs, stages and history, anonymous.
    kept = Application.objects.filter(job__company=recruiter.company)
    assert list(kept.values_list("job", "status").order_by("job")) == funnel
    assert all(a.candidate_id is None and a.anonymised_at and a.cv_id is None and not a.cover_letter for a in kept)
    assert ApplicationStatusChange.objects.filter(application__in=applications).count() == history
    assert kept.get(status="withdrawn").withdrawal_reason == "other"
    assert not Notification.objects.filter(application__in=applications).exists()
    # The trail: one deletion, one anonymisation per application in its company's log.
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_DELETED, actor=None).count() == 1
    anonymised = AuditEvent.objects.filter(action=AuditAction.APPLICATION_ANONYMISED)
    assert sorted(anonymised.values_list("application", "company")) == sorted(
        (a.pk, recruiter.company_id) for a in applications
    )


def test_an_application_loses_its_candidate_only_by_being_anonymised():
    application = ApplicationFactory()
    with violates("jobs_application_candidate_or_anonymised_check"):
        Application.objects.filter(pk=application.pk).update(candidate=None)


def test_the_history_forgets_notes_but_stays_append_only():
    application = ApplicationFactory()
    change = ApplicationStatusChange.objects.create(application=application, to_status="viewed", note="Call Ana")
    ApplicationStatusChange.objects.filter(pk=change.pk).update(note="")
    with violates("append-only"):
        ApplicationStatusChange.objects.filter(pk=change.pk).update(note="Something else")
    with violates("append-only"):
        ApplicationStatusChange.objects.filter(pk=change.pk).update(to_status="rejected")


def test_an_anonymised_application_shows_no_one_and_cannot_move(client):
    recruiter = MembershipFactory()
    application = ApplicationFactory(job__company=recruiter.company)
    account_delete(user=application.candidate.user)
    client.force_login(recruiter.user)
    detail = client.get(reverse("employer:application_detail", args=[application.pk]))
    assert detail.status_code == 200 and "Anonymised candidate" in detail.text
    assert "Anonymised candidate" in client.get(reverse("employer:application_list", args=[application.job_id])).text
    moved = client.post(reverse("employer:application_move", args=[application.pk]), {"status": "interview"})
    assert moved.status_code in (200, 302, 400)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPLIED


def test_the_last_owner_of_a_company_is_refused_until_another_owner_exists(client):
    owner = MembershipFactory()
    client.force_login(owner.user)
    page = client.get(reverse("privacy:account_delete"))
    assert owner.company.name in page.text and 'name="confirm"' not in page.text
    with pytest.raises(Exception, match="last owner"):
        account_delete(user=owner.user)
    assert User.objects.filter(pk=owner.user.pk).exists()
    MembershipFactory(company=owner.company, role=MemberRole.OWNER)
    account_delete(user=owner.user)
    assert not User.objects.filter(pk=owner.user.pk).exists()


def test_the_page_asks_for_the_password_again_then_deletes_and_signs_out(client):
    profile = CandidateProfileFactory()
    client.force_login(profile.user)
    url = reverse("privacy:account_delete")
    assert client.get(url).status_code == 200
    asked = client.post(url, {"confirm": "on"})
    assert asked.status_code == 302 and asked.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=profile.user.pk).exists()
    # allauth kept the POST: confirming the password replays it.
    done = client.post(asked.url, {"password": PASSWORD}, follow=True)
    assert not User.objects.filter(pk=profile.user.pk).exists()
    assert "Your account and your personal data are deleted." in done.text
    assert not done.context["user"].is_authenticated


def test_the_page_asks_to_confirm(client):
    profile = CandidateProfileFactory()
    client.force_login(profile.user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("privacy:account_delete"), {})
    assert response.status_code == 400 and "Tick the box to confirm." in response.text
    assert User.objects.filter(pk=profile.user.pk).exists()


def test_the_api_needs_a_fresh_password_confirmation(client):
    profile = CandidateProfileFactory()
    client.force_login(profile.user)
    refused = client.delete("/api/v1/me/")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "reauthentication_required"
    assert User.objects.filter(pk=profile.user.pk).exists()
    reauth = client.post(
        "/_allauth/browser/v1/auth/reauthenticate", json.dumps({"password": PASSWORD}), content_type="application/json"
    )
    assert reauth.status_code == 200
    assert client.delete("/api/v1/me/").status_code == 204
    assert not User.objects.filter(pk=profile.user.pk).exists()


def test_the_api_refuses_the_last_owner_in_the_error_shape(client):
    owner = MembershipFactory()
    client.force_login(owner.user)
    client.post(
        "/_allauth/browser/v1/auth/reauthenticate", json.dumps({"password": PASSWORD}), content_type="application/json"
    )
    response = client.delete("/api/v1/me/")
    assert response.status_code == 400 and response.json()["error"]["code"] == "last_owner"
    assert User.objects.filter(pk=owner.user.pk).exists()
