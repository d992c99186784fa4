"""A job's life: written as a draft, published, closed, archived; viewed and expired."""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from intowork.exceptions import ConflictError, ServiceError
from intowork.slugs import unique_slug
from jobs.caching import invalidate_search_cache
from jobs.models import Company, Job, JobModeration, JobStatus

# --- Staff approval of a new company's jobs (the decisions are the moderation app's) ---------


def company_is_new(company: Company, *, now: datetime.datetime | None = None) -> bool:
    """A company our staff have not vouched for, created less than MODERATION_NEW_COMPANY_DAYS ago."""
    now = now or timezone.now()
    age = datetime.timedelta(days=settings.MODERATION_NEW_COMPANY_DAYS)
    return not company.is_trusted and company.created_at > now - age


def _publication_needs_approval(job: Job) -> bool:
    """A company's first published job waits for staff approval (MODERATION_APPROVAL), unless
    staff trust the company: it has no job that was ever public yet."""
    if not settings.MODERATION_APPROVAL or job.company.is_trusted:
        return False
    ever_public = Job.objects.filter(company_id=job.company_id, moderation=JobModeration.APPROVED)
    return not ever_public.filter(posted_at__isnull=False).exclude(pk=job.pk).exists()


def _edit_needs_approval(job: Job) -> bool:
    """A new company's job that has been published goes back to staff when its text changes."""
    return settings.MODERATION_APPROVAL and job.posted_at is not None and company_is_new(job.company)


@transaction.atomic
def job_create(*, company: Company, author: User, **fields: Any) -> Job:
    job = Job(company=company, author=author, **fields)
    job.status = JobStatus.DRAFT
    job.slug = unique_slug(Job, job.title, company=company)
    job.save()
    return job


@transaction.atomic
def job_update(*, job: Job, by: User | None = None, **fields: Any) -> Job:
    """Edit a job's content; its status moves only through publish/close/archive. A new
    company's job that has been published waits for staff approval again once changed
    (``job.moderation`` is then pending: the employer's pages say so)."""
    changed = [name for name, value in fields.items() if getattr(job, name) != value]
    for name, value in fields.items():
        setattr(job, name, value)
    update_fields = [*fields, "updated_at"]
    if changed and job.moderation == JobModeration.APPROVED and _edit_needs_approval(job):
        job.moderation = JobModeration.PENDING
        update_fields.append("moderation")
    job.save(update_fields=update_fields)
    return job


@transaction.atomic
def job_delete(*, job: Job, by: User | None = None) -> None:
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
def job_publish(*, job: Job, by: User | None = None) -> Job:
    """Publish a draft or re-open a closed job. A published job must show its pay. A new
    company's first job waits for staff approval (``job.moderation`` pending)."""
    _job_move(job, JobStatus.PUBLISHED)
    if job.salary_min is None or job.salary_max is None:
        raise ServiceError(
            "salary_required", _("Give a salary range to publish: pay transparency is required."), field="salary_min"
        )
    now = timezone.now()
    if job.expires_at is not None and job.expires_at <= now:
        raise ServiceError("expiry_in_past", _("The expiry date is in the past."), field="expires_at")
    job.posted_at = now
    update_fields = ["status", "posted_at", "updated_at"]
    if job.moderation == JobModeration.APPROVED and _publication_needs_approval(job):
        job.moderation = JobModeration.PENDING  # published, public once our staff approve it
        update_fields.append("moderation")
    job.save(update_fields=update_fields)
    return job


@transaction.atomic
def job_close(*, job: Job, by: User | None = None) -> Job:
    _job_move(job, JobStatus.CLOSED)
    job.save(update_fields=["status", "updated_at"])
    return job


@transaction.atomic
def job_archive(*, job: Job, by: User | None = None) -> Job:
    _job_move(job, JobStatus.ARCHIVED)
    job.save(update_fields=["status", "updated_at"])
    return job


def job_record_view(*, job: Job) -> None:
    """Count a view with one atomic UPDATE: exact under concurrent requests."""
    Job.objects.filter(pk=job.pk).update(view_count=F("view_count") + 1)


def jobs_close_expired(*, now: datetime.datetime | None = None) -> int:
    """Close every published job whose expiry has passed. Idempotent."""
    now = now or timezone.now()
    closed = Job.objects.filter(status=JobStatus.PUBLISHED, expires_at__lte=now).update(
        status=JobStatus.CLOSED, updated_at=now
    )
    if closed:  # a bulk UPDATE sends no post_save: tell the search cache ourselves
        transaction.on_commit(invalidate_search_cache)
    return closed
