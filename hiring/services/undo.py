"""Bulk moves that can be undone for ten minutes: each application is restored only if nobody
changed it since (its latest history row is still the move's); the undo is on its history."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import NotificationType, User
from accounts.services import notify
from audit.models import AuditAction
from audit.services import audit_record
from hiring.models import UNDO_WINDOW, BulkMove, BulkMoveItem, MessageTemplate
from hiring.services.messages import messages_send
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import Application, ApplicationStatus, ApplicationStatusChange, Job
from jobs.services import applications_bulk_change_status


@dataclass
class BulkMoveResult:
    bulk_move: BulkMove | None  # None when nothing moved: nothing to undo
    moved: int
    failed: list[tuple[Application, ServiceError]]


@transaction.atomic
def applications_bulk_move(
    *,
    job: Job,
    applications: Sequence[Application],
    to: ApplicationStatus | str,
    by: User,
    note: str = "",
    template: MessageTemplate | None = None,
) -> BulkMoveResult:
    """Move several of ``job``'s applications (jobs' bulk move) and keep what moved, for the
    undo; with a ``template``, each candidate moved gets its message ("reject these 40 with
    the rejection template")."""
    if template is not None and template.company_id != job.company_id:
        raise ServiceError("not_your_template", _("Choose one of your company's templates."), field="template")
    moved, failed = applications_bulk_change_status(applications=applications, to=to, by=by, note=note)
    refused = {application.pk for application, _error in failed}
    moved_ids = [application.pk for application in applications if application.pk not in refused]
    if not moved_ids:
        return BulkMoveResult(None, moved, failed)
    bulk_move = BulkMove.objects.create(job=job, moved_by=by, to_status=ApplicationStatus(to))
    # The move's own history row of each application: its latest.
    changes = (
        ApplicationStatusChange.objects.filter(application_id__in=moved_ids)
        .order_by("application_id", "-created_at", "-id")
        .distinct("application_id")
    )
    BulkMoveItem.objects.bulk_create(
        BulkMoveItem(bulk_move=bulk_move, application_id=change.application_id, change=change) for change in changes
    )
    if template is not None:
        moved_applications = Application.objects.filter(pk__in=moved_ids).select_related(
            "job__company", "candidate__user"
        )
        messages_send(applications=moved_applications, template=template, by=by)
    return BulkMoveResult(bulk_move, moved, failed)


@dataclass
class UndoResult:
    restored: int
    kept: list[Application]  # changed since the move (or the candidate applied again): left as they are


@transaction.atomic
def bulk_move_undo(*, bulk_move: BulkMove, by: User) -> UndoResult:
    """Put back each application of ``bulk_move`` that nobody changed since, within ten minutes
    of the move; once. Each restored application's history says so, and its candidate is told."""
    locked = BulkMove.objects.select_for_update().get(pk=bulk_move.pk)
    if locked.undone_at is not None:
        raise ConflictError("already_undone", _("This move was already undone."))
    now = timezone.now()
    if now - locked.created_at > UNDO_WINDOW:
        raise ServiceError("undo_expired", _("A bulk move can be undone for 10 minutes only."))
    restored, kept = 0, []
    items = BulkMoveItem.objects.filter(bulk_move=locked).select_related("change").order_by("application_id")
    for item in items:
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("job", "candidate__user")
            .get(pk=item.application_id)
        )
        latest = application.status_changes.order_by("-created_at", "-id").values_list("pk", flat=True).first()
        if latest != item.change_id:
            kept.append(application)
            continue
        try:
            with transaction.atomic():
                _restore(application, item.change, by=by)
        except IntegrityError:  # the candidate applied again meanwhile: one live application only
            kept.append(application)
            continue
        restored += 1
    locked.undone_at, locked.undone_by = now, by
    locked.save(update_fields=["undone_at", "undone_by"])
    return UndoResult(restored, kept)


def _restore(application: Application, change: ApplicationStatusChange, *, by: User) -> None:
    application.status = change.from_status
    application.save(update_fields=["status", "updated_at"])
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=change.to_status,
        to_status=change.from_status,
        changed_by=by,
        note=_("Undo of a bulk move"),
    )
    audit_record(
        action=AuditAction.APPLICATION_MOVED,
        actor=by,
        company_id=application.job.company_id,
        application_id=application.pk,
        detail={"from": change.to_status, "to": change.from_status, "undo": True},
    )
    if application.candidate is not None:  # an anonymised application has nobody to tell
        notify(
            users=[application.candidate.user],
            type=NotificationType.APPLICATION_STATUS,
            title=gettext_lazy("Your application for %(job)s: %(status)s"),
            params={"job": application.job.title, "status": ApplicationStatus(change.from_status).label},
            job=application.job,
            application=application,
        )
