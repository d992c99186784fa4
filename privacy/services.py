"""A person's rights over their data: downloading it, deleting their account.

It reads and writes every other app's rows, which is why it sits above them all.
"""

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult
from psycopg.types.range import Range

from accounts.models import Notification, NotificationType, User
from accounts.services import notify
from alerts.models import Alert
from audit.models import AuditAction, AuditEvent
from audit.services import audit_record
from candidates.models import CV, CandidateProfile, Education, Experience, SavedJob, Skill
from hiring.models import ApplicationMessage, ApplicationNote, BulkMove, Interview, Interviewer, Scorecard
from intowork.exceptions import ServiceError
from jobs.models import Application, ApplicationStatusChange, CompanyInvitation, Job, MemberRole, Membership
from jobs.services import applications_anonymise
from moderation.models import JobDecision, JobReport
from privacy.models import EXPORT_VALID_FOR, DataExport, ExportStatus, PolicyConsent, PolicyDocument
from privacy.tasks import build_data_export

# A staff decision to hide a job must say why (moderation_decision_hidden_has_note_check).
NOTE_REMOVED = "[removed: it named a deleted account]"
# Free-text notes other people write, which may name someone, and what replaces them when they
# name a deleted person (their own rows go with the account; the notes of their applications
# go with the anonymisation).
NOTES = [
    (ApplicationStatusChange, "note", ""),
    (Application, "employer_notes", ""),
    (JobReport, "note", ""),
    (JobReport, "resolution_note", ""),
    (JobDecision, "note", NOTE_REMOVED),
    (Job, "moderation_note", NOTE_REMOVED),
    # A company's notes and evaluations (notes cannot be empty: hiring_note_not_empty_check).
    (ApplicationNote, "body", NOTE_REMOVED),
    (Scorecard, "notes", ""),
    (ApplicationMessage, "subject", NOTE_REMOVED),
    (ApplicationMessage, "body", NOTE_REMOVED),
]


def companies_left_without_owner(*, user: User) -> list[str]:
    """The companies whose only owner ``user`` is: their deletion would orphan them."""
    owned = Membership.objects.filter(user=user, role=MemberRole.OWNER).values("company_id")
    others = Membership.objects.filter(role=MemberRole.OWNER, company_id__in=owned).exclude(user=user)
    return list(
        Membership.objects.filter(user=user, role=MemberRole.OWNER)
        .exclude(company_id__in=others.values("company_id"))
        .order_by("company__name")
        .values_list("company__name", flat=True)
    )


def _mentions(column: str, identifiers: list[str]) -> Q:
    query = Q()
    for identifier in identifiers:
        query |= Q(**{f"{column}__icontains": identifier})
    return query


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase ``user`` and their personal data in one transaction; their CV files are removed
    once it commits. Their applications stay, anonymised (jobs.services.applications_anonymise),
    so employers' counts do not change; notes that name them are wiped; the audit trail keeps
    that an account was deleted, not whose. A company's last owner is refused: they hand the
    company over first. The caller has re-authenticated the person.
    """
    orphaned = companies_left_without_owner(user=user)
    if orphaned:
        raise ServiceError(
            "last_owner",
            _("You are the last owner of %(companies)s: make another member an owner first.")
            % {"companies": ", ".join(orphaned)},
        )
    locked = User.objects.select_for_update(of=("self",)).select_related("candidate_profile").get(pk=user.pk)
    profile = getattr(locked, "candidate_profile", None)
    addresses = EmailAddress.objects.filter(user=locked).values_list("email", flat=True)
    emails = sorted({locked.email.lower(), *(address.lower() for address in addresses)})
    identifiers = [*emails, *(name for name in [locked.full_name] if len(name) >= 3)]
    if profile is not None and len(profile.phone) >= 6:
        identifiers.append(profile.phone)
    cv_files = []
    if profile is not None:
        applications_anonymise(applications=Application.objects.filter(candidate=profile), by=None)
        cv_files = [name for name in CV.objects.filter(candidate=profile).values_list("file", flat=True) if name]
    for model, column, replacement in NOTES:
        model._default_manager.filter(_mentions(column, identifiers)).update(**{column: replacement})
    # Others' notifications that quote them (a staff note, a name in a title): short-lived, deleted.
    Notification.objects.filter(_mentions("title", identifiers) | _mentions("message", identifiers)).delete()
    CompanyInvitation.objects.filter(_mentions("email", emails)).delete()
    # Alerts saved as a guest with one of their addresses (their member alerts go with the account).
    Alert.objects.filter(_mentions("email", emails)).delete()
    # Emails queued or sent for them (their address and words are in the task's arguments).
    DBTaskResult.objects.filter(_mentions("args_kwargs", emails)).delete()
    # The admin's history names objects by their __str__ (the address, the name).
    LogEntry.objects.filter(_mentions("object_repr", identifiers) | _mentions("change_message", identifiers)).update(
        object_repr="(deleted)", change_message=""
    )
    audit_record(action=AuditAction.ACCOUNT_DELETED, actor=None, detail={"role": locked.role})
    locked.delete()
    transaction.on_commit(lambda: _files_delete(cv_files), robust=True)


def _files_delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# --- Download my data -------------------------------------------------------------------


class ExportEncoder(DjangoJSONEncoder):
    """Django's JSON, plus time ranges (an interview's ``during``) as {"lower", "upper"}."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Range):
            return {"lower": o.lower, "upper": o.upper}
        return super().default(o)


class ExportSection(NamedTuple):
    """One file of the export: the rows of ``model`` about the person (``rows_of(user)``), with
    these ``fields`` (what is theirs to read: never a password hash, a token, or another
    person's private note about them)."""

    model: type[models.Model]
    rows_of: Callable[[User], Q]
    fields: list[str]


# Every model that links to a person (privacy/tests/test_data_export.py checks that none is
# missing), keyed by its label; each becomes <label>.json in the ZIP.
EXPORT: dict[str, ExportSection] = {
    section.model._meta.label: section
    for section in [
        ExportSection(
            User,
            lambda user: Q(pk=user.pk),
            [
                "id",
                "email",
                "full_name",
                "preferred_name",
                "role",
                "language",
                "time_zone",
                "email_opt_outs",
                "date_joined",
                "last_login",
            ],
        ),
        ExportSection(EmailAddress, lambda user: Q(user=user), ["email", "verified", "primary"]),
        ExportSection(SocialAccount, lambda user: Q(user=user), ["provider", "uid", "date_joined", "extra_data"]),
        ExportSection(
            Notification,
            lambda user: Q(user=user),
            ["type", "title", "message", "job", "application", "is_read", "created_at"],
        ),
        ExportSection(
            CandidateProfile,
            lambda user: Q(user=user),
            [
                "headline",
                "bio",
                "phone",
                "location",
                "salary_expectation_min",
                "salary_expectation_max",
                "salary_currency",
                "availability",
                "preferences",
                "created_at",
                "updated_at",
            ],
        ),
        ExportSection(
            CV,
            lambda user: Q(candidate__user=user),
            ["id", "title", "file", "content_type", "size", "is_default", "uploaded_at"],
        ),
        ExportSection(
            Experience,
            lambda user: Q(candidate__user=user),
            ["title", "company_name", "location", "start_date", "end_date", "is_current", "description"],
        ),
        ExportSection(
            Education,
            lambda user: Q(candidate__user=user),
            ["school", "degree", "field_of_study", "start_date", "end_date", "description"],
        ),
        ExportSection(Skill, lambda user: Q(candidate__user=user), ["name", "level"]),
        ExportSection(SavedJob, lambda user: Q(candidate__user=user), ["job", "job__title", "created_at"]),
        # Their applications as they see them (the employer's private notes are the employer's).
        ExportSection(
            Application,
            lambda user: Q(candidate__user=user),
            [
                "id",
                "job",
                "job__title",
                "job__company__name",
                "cv",
                "cover_letter",
                "status",
                "withdrawal_reason",
                "applied_at",
                "updated_at",
            ],
        ),
        # The visible history of their applications, and the moves they made as a recruiter.
        ExportSection(
            ApplicationStatusChange,
            lambda user: Q(application__candidate__user=user) | Q(changed_by=user),
            ["application", "from_status", "to_status", "created_at"],
        ),
        ExportSection(
            Membership, lambda user: Q(user=user), ["company", "company__name", "role", "job_title", "created_at"]
        ),
        ExportSection(
            CompanyInvitation, lambda user: Q(invited_by=user), ["company__name", "email", "created_at", "accepted_at"]
        ),
        ExportSection(Job, lambda user: Q(author=user), ["id", "title", "company__name", "status", "created_at"]),
        # Who did what to their data (who opened their application, downloaded their CV), and
        # what they did to others' as a recruiter or staff.
        ExportSection(
            AuditEvent,
            lambda user: (
                Q(subject=user) | Q(actor=user) | Q(application__candidate__user=user) | Q(cv__candidate__user=user)
            ),
            ["created_at", "action", "company__name", "application", "cv", "detail"],
        ),
        ExportSection(
            JobReport,
            lambda user: Q(reporter=user) | Q(resolved_by=user),
            ["job", "reason", "note", "status", "created_at", "resolved_at"],
        ),
        ExportSection(JobDecision, lambda user: Q(decided_by=user), ["job", "decision", "note", "created_at"]),
        ExportSection(
            LogEntry,
            lambda user: Q(user=user),
            ["action_time", "content_type__model", "object_repr", "action_flag", "change_message"],
        ),
        ExportSection(DataExport, lambda user: Q(user=user), ["status", "requested_at", "expires_at"]),
        ExportSection(
            Alert,
            lambda user: Q(user=user),
            ["name", "params", "frequency", "is_paused", "confirmed_at", "language", "created_at"],
        ),
        # Interviews: theirs as a candidate (their answer too), and those they sit on.
        ExportSection(
            Interview,
            lambda user: Q(candidate__user=user) | Q(scheduled_by=user),
            ["id", "application", "during", "time_zone", "location", "video_url", "status", "response_note"],
        ),
        ExportSection(Interviewer, lambda user: Q(user=user), ["interview", "during", "is_booked"]),
        # What they wrote as a company member; the company's notes about a candidate are the company's.
        ExportSection(
            Scorecard, lambda user: Q(interviewer=user), ["interview", "recommendation", "notes", "submitted_at"]
        ),
        ExportSection(ApplicationNote, lambda user: Q(author=user), ["application", "body", "created_at"]),
        ExportSection(BulkMove, lambda user: Q(moved_by=user), ["job", "to_status", "created_at", "undone_at"]),
        # The messages sent to them as a candidate, and those they sent as a company member.
        ExportSection(
            ApplicationMessage,
            lambda user: Q(application__candidate__user=user) | Q(sent_by=user),
            ["application", "subject", "body", "sent_at"],
        ),
        # Their second factors: what kind and when, never the secret.
        ExportSection(Authenticator, lambda user: Q(user=user), ["type", "created_at", "last_used_at"]),
        ExportSection(
            PolicyConsent, lambda user: Q(user=user), ["document__kind", "document__version", "accepted_at"]
        ),
    ]
}


def data_export_request(*, user: User) -> DataExport:
    """Ask for a ZIP of everything the site holds on ``user``; the worker builds it once this
    commits and emails them. Asking again while one is being built returns that one."""
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
    except IntegrityError:
        return DataExport.objects.get(user=user, status=ExportStatus.PENDING)
    transaction.on_commit(lambda: build_data_export.enqueue(export_id=export.pk), robust=True)
    return export


def data_export_contents(*, user: User) -> dict[str, list[dict[str, Any]]]:
    """{model label: its rows about ``user``}, as the export's JSON files hold them."""
    return {
        label: list(section.model._default_manager.filter(section.rows_of(user)).values(*section.fields).distinct())
        for label, section in EXPORT.items()
    }


@transaction.atomic
def data_export_build(*, export: DataExport) -> DataExport:
    """Write the ZIP (one JSON file per kind of row, and the CV files), make it downloadable by
    its owner for 24 hours, record it in the audit trail and tell the owner (in the app and by
    email). Building an export that is already built does nothing."""
    locked = DataExport.objects.select_for_update().select_related("user").get(pk=export.pk)
    if locked.status != ExportStatus.PENDING:
        return locked
    user = locked.user
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, rows in data_export_contents(user=user).items():
            archive.writestr(f"{label}.json", json.dumps(rows, cls=ExportEncoder, ensure_ascii=False, indent=2))
        for cv in CV.objects.filter(candidate__user=user):
            try:
                with cv.file.open("rb") as handle:
                    archive.writestr(f"cvs/{cv.pk}-{PurePosixPath(str(cv.file.name)).name}", handle.read())
            except FileNotFoundError:
                continue  # a file gone from storage: its row is still in the JSON
    locked.file.save("export.zip", ContentFile(buffer.getvalue()), save=False)
    locked.status = ExportStatus.READY
    locked.expires_at = timezone.now() + EXPORT_VALID_FOR
    locked.save(update_fields=["file", "status", "expires_at"])
    audit_record(action=AuditAction.DATA_EXPORTED, actor=user, subject_id=user.pk)
    notify(
        users=[user],
        type=NotificationType.SYSTEM,
        title=gettext_lazy("Your data is ready to download"),
        message=gettext_lazy("Download it within 24 hours, signed in: %(url)s"),
        params={"url": settings.SITE_URL + reverse("privacy:data_export")},
    )
    return locked


def data_exports_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the expired exports and their files (nightly); how many."""
    expired = list(DataExport.objects.expired(now=now or timezone.now()).values_list("pk", "file"))
    DataExport.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
    _files_delete([name for _pk, name in expired if name])
    return len(expired)


# --- Consent to the privacy policy and the terms ------------------------------------------

# The ids of the versions in force, cached: every signed-in page checks them (PolicyConsentMiddleware).
CURRENT_POLICIES_KEY = "privacy:current-policies"


def policies_current() -> list[int]:
    """The ids of the policy versions in force (one per kind published), from the cache."""
    ids: list[int] | None = cache.get(CURRENT_POLICIES_KEY)
    if ids is None:
        ids = [document.pk for document in PolicyDocument.objects.current()]
        cache.set(CURRENT_POLICIES_KEY, ids, timeout=None)
    return ids


def policy_save(*, document: PolicyDocument) -> PolicyDocument:
    """Save a policy version (staff, in the admin): once published, everyone is asked to accept
    it on their next page."""
    document.save()
    cache.delete(CURRENT_POLICIES_KEY)
    return document


def policies_unaccepted(*, user: User, document_ids: list[int]) -> list[int]:
    """Which of ``document_ids`` ``user`` has not accepted."""
    accepted = set(
        PolicyConsent.objects.filter(user=user, document_id__in=document_ids).values_list("document_id", flat=True)
    )
    return [pk for pk in document_ids if pk not in accepted]


def policies_accept(*, user: User, document_ids: list[int]) -> None:
    """Record that ``user`` accepts these versions, now (at sign-up, or when re-asked)."""
    PolicyConsent.objects.bulk_create(
        [PolicyConsent(user=user, document_id=pk) for pk in document_ids], ignore_conflicts=True
    )
