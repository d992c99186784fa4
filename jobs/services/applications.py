"""The hiring pipeline: applying, moving an application through the stages, withdrawing."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Func, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Notification, NotificationType, User
from accounts.services import notify
from audit.models import AuditAction
from audit.services import audit_record, audit_record_each
from candidates.models import CV, CandidateProfile
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import (
    EMPLOYER_SETTABLE_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Job,
    WithdrawalReason,
)
from jobs.tasks import send_application_sent_email


def _record_status(application: Application, *, from_status: str, by: User, note: str = "") -> None:
    ApplicationStatusChange.objects.create(
        application=application, from_status=from_status, to_status=application.status, changed_by=by, note=note
    )


def _candidate_of(application: Application) -> CandidateProfile:
    """Who applied; an anonymised application (no one) no longer moves."""
    if application.candidate is None:
        raise ServiceError("anonymised", _("This application is anonymised: it can no longer move."), field="status")
    return application.candidate


def _company_members(job: Job) -> QuerySet[User]:
    return User.objects.filter(memberships__company_id=job.company_id, is_active=True)


def application_submit(
    *, candidate: CandidateProfile, job: Job, cv: CV | None = None, cover_letter: str = ""
) -> Application:
    """Apply to an open job. A live duplicate is a ConflictError, even under a race.

    The partial unique constraint decides the race: two concurrent submits both pass the
    check below, one INSERT wins and the other gets IntegrityError, reported as the conflict.
    """
    if not job.is_open:
        raise ServiceError("job_not_open", _("This job is no longer accepting applications."), field="job")
    if cv is not None and cv.candidate_id != candidate.pk:
        raise ServiceError("cv_not_yours", _("Choose one of your own CVs."), field="cv")
    duplicate = ConflictError("already_applied", _("You have already applied to this job."), field="job")
    if Application.objects.has_live(candidate=candidate, job=job):
        raise duplicate
    try:
        with transaction.atomic():
            application = Application.objects.create(
                candidate=candidate, job=job, cv=cv, cover_letter=cover_letter.strip()
            )
            _record_status(application, from_status="", by=candidate.user)
            Job.objects.filter(pk=job.pk).update(application_count=F("application_count") + 1)
            notify(
                users=_company_members(job),
                type=NotificationType.APPLICATION_RECEIVED,
                title=gettext_lazy("%(name)s applied to %(job)s"),
                message=gettext_lazy("A new application to read for %(job)s."),
                params={"job": job.title, "name": candidate.user.display_name},
                job=job,
                application=application,
            )
            # The candidate's receipt: what was sent, where to follow it.
            transaction.on_commit(
                lambda: send_application_sent_email.enqueue(application_id=application.pk), robust=True
            )
    except IntegrityError as error:
        if "jobs_application_one_live_per_candidate_job_uniq" in str(error):
            raise duplicate from error
        raise
    return application


def application_change_status(
    *, application: Application, to: ApplicationStatus | str, by: User, note: str = ""
) -> Application:
    """Move an application through the pipeline (an employer's action), with history; the
    audit trail records who moved it."""
    return _change_status(application, to=to, by=by, note=note, audited=True)


@transaction.atomic
def _change_status(
    application: Application, *, to: ApplicationStatus | str, by: User, note: str = "", audited: bool
) -> Application:
    to = ApplicationStatus(to)
    if to not in EMPLOYER_SETTABLE_STATUSES:
        raise ServiceError("invalid_status", _("Employers cannot set this status."), field="status")
    # Lock the row: two recruiters moving the same application serialise here. Its job comes
    # with it, unlocked (its company is the audit row's, its title the notification's).
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("job", "candidate__user")
        .get(pk=application.pk)
    )
    candidate = _candidate_of(locked)
    current = ApplicationStatus(locked.status)
    if to not in current.next_statuses:
        raise ServiceError(
            "invalid_transition",
            _("An application that is %(from)s cannot move to %(to)s.") % {"from": current.label, "to": to.label},
            field="status",
        )
    locked.status = to
    if note:
        locked.employer_notes = f"{locked.employer_notes}\n{note}".strip()
    locked.save(update_fields=["status", "employer_notes", "updated_at"])
    _record_status(locked, from_status=current, by=by, note=note)
    if audited:
        audit_record(
            action=AuditAction.APPLICATION_MOVED,
            actor=by,
            company_id=locked.job.company_id,
            application_id=locked.pk,
            detail={"from": current.value, "to": to.value},
        )
    if to != ApplicationStatus.VIEWED:
        notify(
            users=[candidate.user],
            type=NotificationType.APPLICATION_STATUS,
            title=gettext_lazy("Your application for %(job)s: %(status)s"),
            params={"job": locked.job.title, "status": to.label},
            job=locked.job,
            application=locked,
        )
    application.refresh_from_db()
    return application


def application_mark_viewed(*, application: Application, by: User) -> Application:
    """Opening a new application marks it viewed, once (the opening is what the audit trail
    records: ``application_open``)."""
    if application.status != ApplicationStatus.APPLIED:
        return application
    return _change_status(application, to=ApplicationStatus.VIEWED, by=by, audited=False)


def application_open(*, application: Application, by: User, as_member: bool) -> bool:
    """``by`` opens someone's ``application``: a member of its company (``as_member``) or staff.
    The audit trail records who saw it; a member's first look marks it viewed. Whether its
    status moved. The caller has loaded ``application.job``: recording reads nothing."""
    audit_record(
        action=AuditAction.APPLICATION_VIEWED,
        actor=by,
        company_id=application.job.company_id,
        application_id=application.pk,
    )
    if not as_member or application.status != ApplicationStatus.APPLIED or application.candidate_id is None:
        return False
    application_mark_viewed(application=application, by=by)
    return True


@transaction.atomic
def applications_bulk_change_status(
    *, applications: Iterable[Application], to: ApplicationStatus | str, by: User, note: str = ""
) -> tuple[int, list[tuple[Application, ServiceError]]]:
    """Move several applications; those that cannot move are reported, the rest move."""
    moved, failed = 0, []
    for application in applications:
        try:
            with transaction.atomic():
                application_change_status(application=application, to=to, by=by, note=note)
            moved += 1
        except ServiceError as error:
            failed.append((application, error))
    return moved, failed


@transaction.atomic
def application_withdraw(
    *, application: Application, by: User, reason: WithdrawalReason | str = "", note: str = ""
) -> Application:
    """The candidate withdraws, saying why if they wish (a ``reason`` the employer's
    statistics count, and their own words as the history's ``note``); the company's members
    are told."""
    if reason and reason not in WithdrawalReason.values:
        raise ServiceError("invalid_reason", _("Choose one of the reasons, or none."), field="reason")
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("job", "candidate__user")
        .get(pk=application.pk)
    )
    candidate = _candidate_of(locked)
    current = ApplicationStatus(locked.status)
    if ApplicationStatus.WITHDRAWN not in current.next_statuses:
        raise ServiceError(
            "invalid_transition",
            _("An application that is %(status)s cannot be withdrawn.") % {"status": current.label},
        )
    locked.status = ApplicationStatus.WITHDRAWN
    locked.withdrawal_reason = reason
    locked.save(update_fields=["status", "withdrawal_reason", "updated_at"])
    _record_status(locked, from_status=current, by=by, note=note.strip())
    notify(
        users=_company_members(locked.job),
        type=NotificationType.APPLICATION_WITHDRAWN,
        title=gettext_lazy("%(name)s withdrew their application to %(job)s"),
        params={"job": locked.job.title, "name": candidate.user.display_name},
        job=locked.job,
        application=locked,
    )
    application.refresh_from_db()
    return application


# The employers' notifications that name the candidate of an application.
NAMING_NOTIFICATIONS = [NotificationType.APPLICATION_RECEIVED, NotificationType.APPLICATION_WITHDRAWN]


@transaction.atomic
def applications_anonymise(*, applications: QuerySet[Application], by: User | None) -> int:
    """Erase what ``applications`` say about their candidate and keep the rows, so that
    employers' funnels and counts do not change (docs/database.md, Anonymisation): the
    candidate, CV, cover letter, employer notes, the history's notes and the employers'
    notifications that name them go; the job, status, dates and withdrawal reason stay. The
    companies' owners see one event per application in their activity log. How many were
    anonymised (already anonymised ones are skipped).
    """
    rows = dict(
        applications.filter(anonymised_at__isnull=True)
        .select_for_update(of=("self",))
        .values_list("pk", "job__company_id")
    )
    if not rows:
        return 0
    Application.objects.filter(pk__in=rows).update(
        candidate=None, cv=None, cover_letter="", employer_notes="", anonymised_at=timezone.now()
    )
    ApplicationStatusChange.objects.filter(application_id__in=rows).exclude(note="").update(note="")
    Notification.objects.filter(application_id__in=rows, type__in=NAMING_NOTIFICATIONS).delete()
    audit_record_each(action=AuditAction.APPLICATION_ANONYMISED, actor=by, application_companies=rows)
    return len(rows)


def applications_anonymise_expired(*, batch_size: int = 500) -> int:
    """The nightly retention job: anonymise the rejected and withdrawn applications that ended
    longer ago than their company keeps them (``Company.retention_months``, counted from the
    application's last change), in batches of ``batch_size``, each its own transaction (a long
    backlog never holds locks for long). Idempotent: anonymised rows are not picked again. How
    many were anonymised."""
    total = 0
    while True:
        cutoff = ExpressionWrapper(
            Value(timezone.now())
            - Func(F("job__company__retention_months"), template="make_interval(months => %(expressions)s)"),
            output_field=DateTimeField(),
        )
        batch = list(
            Application.objects.filter(
                status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN],
                anonymised_at__isnull=True,
                updated_at__lt=cutoff,
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            return total
        total += applications_anonymise(applications=Application.objects.filter(pk__in=batch), by=None)
