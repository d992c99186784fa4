"""A person's rights over their data: deleting their account (and, later, exporting it).

It reads and writes every other app's rows, which is why it sits above them all.
"""

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification, User
from audit.models import AuditAction
from audit.services import audit_record
from candidates.models import CV
from intowork.exceptions import ServiceError
from jobs.models import Application, ApplicationStatusChange, CompanyInvitation, Job, MemberRole, Membership
from jobs.services import applications_anonymise
from moderation.models import JobDecision, JobReport

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
