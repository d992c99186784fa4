"""Business actions on companies, jobs and applications.

One keyword-only function per action, each in one transaction, called alike by the HTML
views, the API and the admin. The database constraints stay the last line of defence.
"""

import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import NotificationType
from accounts.services import notify
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import (
    EMPLOYER_SETTABLE_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Company,
    CompanyInvitation,
    Employer,
    Job,
    JobStatus,
    MemberRole,
)
from jobs.search import invalidate_search_cache
from jobs.tasks import send_invitation_email

# --- Companies ------------------------------------------------------------------------------


def unique_slug(model, base: str, *, max_length: int = 200, **scope) -> str:
    """``base`` slugified, suffixed with -2, -3 … until free within ``scope``."""
    root = slugify(base)[:max_length] or "item"
    slug, n = root, 1
    while model.objects.filter(slug=slug, **scope).exists():
        n += 1
        slug = f"{root}-{n}"
    return slug


@transaction.atomic
def company_create(*, owner, **fields) -> Company:
    """Create a company and make ``owner`` its first member, with the owner role. Someone who
    already belongs to a company joins another by invitation, not by creating it again."""
    if Employer.objects.filter(user=owner).exists():
        raise ConflictError("already_member", _("You already belong to a company."))
    company = Company(**fields)
    if not company.slug:
        company.slug = unique_slug(Company, company.name)
    company.save()
    Employer.objects.create(user=owner, company=company, role=MemberRole.OWNER)
    return company


@transaction.atomic
def company_update(*, company: Company, by, **fields) -> Company:
    """Change the company's page; only its owners may."""
    if not company_is_owner(user=by, company=company):
        raise ServiceError("not_owner", _("Only the company's owners can change it."))
    for name, value in fields.items():
        setattr(company, name, value)
    company.save(update_fields=[*fields, "updated_at"])
    return company


def company_is_member(*, user, company: Company) -> bool:
    return Employer.objects.filter(user=user, company=company).exists()


def company_is_owner(*, user, company: Company) -> bool:
    return Employer.objects.filter(user=user, company=company, role=MemberRole.OWNER).exists()


@transaction.atomic
def company_invite(*, company: Company, email: str, by) -> CompanyInvitation:
    """Invite ``email`` to join the company and email them the link, once committed. Inviting
    the same address again sends the open invitation again (same link)."""
    if not company_is_owner(user=by, company=company):
        raise ServiceError("not_owner", _("Only the company's owners can invite members."))
    email = email.strip()
    if Employer.objects.filter(company=company, user__email__iexact=email).exists():
        raise ServiceError(
            "already_member", _("%(email)s is already a member of the company.") % {"email": email}, field="email"
        )
    invitation, _created = CompanyInvitation.objects.get_or_create(
        company=company,
        email__iexact=email,
        accepted_at__isnull=True,
        defaults={"email": email, "invited_by": by, "token": secrets.token_urlsafe(32)},
    )
    # robust: a failure to enqueue is logged; the invitation stands and can be sent again.
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.pk), robust=True)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: CompanyInvitation, user) -> Employer:
    """Join the invitation's company as a recruiter; only the invited address may, once."""
    # Locked: two clicks on the link accept it once.
    invitation = CompanyInvitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ConflictError("invitation_used", _("This invitation has already been used."))
    if invitation.email.lower() != user.email.lower():
        raise ServiceError("invitation_other_email", _("This invitation was sent to another email address."))
    membership, _created = Employer.objects.get_or_create(
        user=user, company=invitation.company, defaults={"role": MemberRole.RECRUITER}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


# --- Jobs -------------------------------------------------------------------------------------


@transaction.atomic
def job_create(*, company: Company, author, **fields) -> Job:
    job = Job(company=company, author=author, **fields)
    job.status = JobStatus.DRAFT
    job.slug = unique_slug(Job, job.title, company=company)
    job.save()
    return job


@transaction.atomic
def job_update(*, job: Job, by=None, **fields) -> Job:
    """Edit a job's content; its status moves only through publish/close/archive."""
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated_at"])
    return job


@transaction.atomic
def job_delete(*, job: Job, by=None) -> None:
    """Only a draft is deleted (nobody can have applied); a published job is closed or archived."""
    if job.status != JobStatus.DRAFT:
        raise ConflictError("job_not_draft", _("Only a draft can be deleted: close or archive this job instead."))
    job.delete()


def _job_move(job: Job, to: JobStatus) -> Job:
    current = JobStatus(job.status)
    if to not in current.next_statuses:
        raise ConflictError(
            "invalid_transition",
            _("A %(from)s job cannot become %(to)s.") % {"from": current.label, "to": to.label},
        )
    job.status = to
    return job


@transaction.atomic
def job_publish(*, job: Job, by=None) -> Job:
    """Publish a draft or re-open a closed job. A published job must show its pay."""
    _job_move(job, JobStatus.PUBLISHED)
    if job.salary_min is None or job.salary_max is None:
        raise ServiceError(
            "salary_required", _("Give a salary range to publish: pay transparency is required."), field="salary_min"
        )
    now = timezone.now()
    if job.expires_at is not None and job.expires_at <= now:
        raise ServiceError("expiry_in_past", _("The expiry date is in the past."), field="expires_at")
    job.posted_at = now
    job.save(update_fields=["status", "posted_at", "updated_at"])
    return job


@transaction.atomic
def job_close(*, job: Job, by=None) -> Job:
    _job_move(job, JobStatus.CLOSED)
    job.save(update_fields=["status", "updated_at"])
    return job


@transaction.atomic
def job_archive(*, job: Job, by=None) -> Job:
    _job_move(job, JobStatus.ARCHIVED)
    job.save(update_fields=["status", "updated_at"])
    return job


def job_record_view(*, job: Job) -> None:
    """Count a view with one atomic UPDATE: exact under concurrent requests."""
    Job.objects.filter(pk=job.pk).update(view_count=F("view_count") + 1)


def jobs_close_expired(*, now=None) -> int:
    """Close every published job whose expiry has passed. Idempotent."""
    now = now or timezone.now()
    closed = Job.objects.filter(status=JobStatus.PUBLISHED, expires_at__lte=now).update(
        status=JobStatus.CLOSED, updated_at=now
    )
    if closed:  # a bulk UPDATE sends no post_save: tell the search cache ourselves
        transaction.on_commit(invalidate_search_cache)
    return closed


# --- Applications ---------------------------------------------------------------------------


def _record_status(application: Application, *, from_status: str, by, note: str = "") -> None:
    ApplicationStatusChange.objects.create(
        application=application, from_status=from_status, to_status=application.status, changed_by=by, note=note
    )


def _company_members(job: Job):
    from accounts.models import User

    return User.objects.filter(memberships__company_id=job.company_id, is_active=True)


def application_submit(*, candidate, job: Job, cv=None, cover_letter: str = "") -> Application:
    """Apply to an open job. A live duplicate is a ConflictError, even under a race.

    The partial unique constraint decides the race: two concurrent submits both pass the
    check below, one INSERT wins and the other gets IntegrityError, reported as the conflict.
    """
    if not job.is_open:
        raise ServiceError("job_not_open", _("This job is no longer accepting applications."), field="job")
    if cv is not None and cv.candidate_id != candidate.pk:
        raise ServiceError("cv_not_yours", _("Choose one of your own CVs."), field="cv")
    duplicate = ConflictError("already_applied", _("You have already applied to this job."), field="job")
    if Application.objects.live().filter(candidate=candidate, job=job).exists():
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
                title=gettext_lazy("New application for %(job)s"),
                message=gettext_lazy("%(email)s applied."),
                params={"job": job.title, "email": candidate.user.email},
                job=job,
                application=application,
            )
    except IntegrityError as error:
        if "jobs_application_one_live_per_candidate_job_uniq" in str(error):
            raise duplicate from error
        raise
    return application


@transaction.atomic
def application_change_status(
    *, application: Application, to: ApplicationStatus | str, by, note: str = ""
) -> Application:
    """Move an application through the pipeline (an employer's action), with history."""
    to = ApplicationStatus(to)
    if to not in EMPLOYER_SETTABLE_STATUSES:
        raise ServiceError("invalid_status", _("Employers cannot set this status."), field="status")
    # Lock the row: two recruiters moving the same application serialise here.
    locked = Application.objects.select_for_update().get(pk=application.pk)
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
    if to != ApplicationStatus.VIEWED:
        notify(
            users=[locked.candidate.user],
            type=NotificationType.APPLICATION_STATUS,
            title=gettext_lazy("Your application for %(job)s: %(status)s"),
            params={"job": locked.job.title, "status": to.label},
            job=locked.job,
            application=locked,
        )
    application.refresh_from_db()
    return application


def application_mark_viewed(*, application: Application, by) -> Application:
    """Opening a new application marks it viewed, once."""
    if application.status != ApplicationStatus.APPLIED:
        return application
    return application_change_status(application=application, to=ApplicationStatus.VIEWED, by=by)


@transaction.atomic
def applications_bulk_change_status(
    *, applications: Iterable[Application], to: ApplicationStatus | str, by, note: str = ""
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
def application_withdraw(*, application: Application, by) -> Application:
    """The candidate withdraws; the company's members are told."""
    locked = Application.objects.select_for_update().select_related("job").get(pk=application.pk)
    current = ApplicationStatus(locked.status)
    if ApplicationStatus.WITHDRAWN not in current.next_statuses:
        raise ServiceError(
            "invalid_transition",
            _("An application that is %(status)s cannot be withdrawn.") % {"status": current.label},
        )
    locked.status = ApplicationStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    _record_status(locked, from_status=current, by=by)
    notify(
        users=_company_members(locked.job),
        type=NotificationType.APPLICATION_WITHDRAWN,
        title=gettext_lazy("An application for %(job)s was withdrawn"),
        params={"job": locked.job.title},
        job=locked.job,
        application=locked,
    )
    application.refresh_from_db()
    return application
