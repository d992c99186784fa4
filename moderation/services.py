"""Moderation: anyone reports a job; our staff approve, hide or restore jobs and dismiss reports.
Each decision sets ``Job.moderation`` (through a save, so the search cache is refreshed after
commit: jobs.signals), keeps a ``JobDecision`` and tells the company's members."""

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import NotificationType, User
from accounts.services import notify
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import Job, JobModeration
from moderation.models import REPORT_CONSTRAINT_MESSAGES, Decision, JobDecision, JobReport, ReportReason, ReportStatus

REPORT_WINDOW_S = 3600


class TooManyReports(ServiceError):
    status_code = 429


def _within_report_limit(client_key: str) -> bool:
    """Count one more report from ``client_key`` (an account or, for guests, an address) in the
    current hour; whether it is within MODERATION_REPORTS_PER_HOUR. Counted in the shared cache."""
    key = f"moderation:reports:{client_key}"
    cache.add(key, 0, REPORT_WINDOW_S)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, REPORT_WINDOW_S)
        count = 1
    return count <= settings.MODERATION_REPORTS_PER_HOUR


def report_submit(
    *, job: Job, reporter: User | None, reason: ReportReason | str, note: str = "", client_key: str
) -> JobReport:
    """Report a job that anyone can see. ``client_key`` says who asks, for the rate limit: the
    account when signed in, else the visitor's address (never stored)."""
    if not job.is_visible:
        raise ServiceError("job_not_found", _("This job is not public."), field="job")
    if reason not in ReportReason.values:
        raise ServiceError("invalid_reason", _("Choose a reason."), field="reason")
    if not _within_report_limit(client_key):
        raise TooManyReports("too_many_reports", _("You have sent many reports in a short time: try again later."))
    try:
        with transaction.atomic():
            return JobReport.objects.create(job=job, reporter=reporter, reason=reason, note=note.strip())
    except IntegrityError as error:
        refusal = REPORT_CONSTRAINT_MESSAGES["moderation_jobreport_one_open_per_reporter_uniq"]
        if "moderation_jobreport_one_open_per_reporter_uniq" in str(error):
            raise ConflictError(refusal.code, refusal.message) from error
        raise


def _company_members(job: Job) -> list[User]:
    return list(User.objects.filter(memberships__company_id=job.company_id, is_active=True))


def _locked(job: Job) -> Job:
    """The job's row, locked: two staff members deciding at once serialise here, and each
    decision checks the state as it is, not as a page loaded it."""
    return Job.objects.select_for_update(of=("self",)).get(pk=job.pk)


def _decide(locked: Job, *, by: User, decision: Decision, moderation: JobModeration, note: str) -> Job:
    locked.moderation = moderation
    locked.moderation_note = note if moderation == JobModeration.HIDDEN else ""
    locked.save(update_fields=["moderation", "moderation_note", "updated_at"])  # post_save: the search cache
    JobDecision.objects.create(job=locked, decision=decision, note=note, decided_by=by)
    return locked


@transaction.atomic
def job_approve(*, job: Job, by: User, note: str = "") -> Job:
    """A job waiting for approval becomes public (if published and not expired)."""
    job = _locked(job)
    if job.moderation != JobModeration.PENDING:
        raise ConflictError("not_pending", _("This job is not waiting for approval."))
    job = _decide(job, by=by, decision=Decision.APPROVED, moderation=JobModeration.APPROVED, note=note)
    notify(
        users=_company_members(job),
        type=NotificationType.JOB_MODERATION,
        title=gettext_lazy("%(job)s is approved"),
        message=gettext_lazy("Our team approved it: candidates can find it now."),
        params={"job": job.title},
        job=job,
    )
    return job


@transaction.atomic
def job_hide(*, job: Job, by: User, note: str) -> Job:
    """Hide a job at once: it leaves search, feeds, sitemaps, alerts and its page. Its open
    reports are upheld; its company is told why (``note``, required)."""
    note = note.strip()
    if not note:
        raise ServiceError("note_required", _("Say why the job is hidden: its company is told."), field="note")
    job = _locked(job)
    if job.moderation == JobModeration.HIDDEN:
        raise ConflictError("already_hidden", _("This job is already hidden."))
    job = _decide(job, by=by, decision=Decision.HIDDEN, moderation=JobModeration.HIDDEN, note=note)
    JobReport.objects.filter(job=job).open().update(
        status=ReportStatus.UPHELD, resolved_at=timezone.now(), resolved_by=by, resolution_note=note
    )
    notify(
        users=_company_members(job),
        type=NotificationType.JOB_MODERATION,
        title=gettext_lazy("%(job)s was hidden by our team"),
        message=gettext_lazy("Candidates no longer see it. Why: %(note)s"),
        params={"job": job.title, "note": note},
        job=job,
    )
    return job


@transaction.atomic
def job_restore(*, job: Job, by: User, note: str = "") -> Job:
    """Make a hidden job public again (if published and not expired)."""
    job = _locked(job)
    if job.moderation != JobModeration.HIDDEN:
        raise ConflictError("not_hidden", _("This job is not hidden."))
    job = _decide(job, by=by, decision=Decision.RESTORED, moderation=JobModeration.APPROVED, note=note.strip())
    notify(
        users=_company_members(job),
        type=NotificationType.JOB_MODERATION,
        title=gettext_lazy("%(job)s is public again"),
        message=gettext_lazy("Our team restored it: candidates can find it again."),
        params={"job": job.title},
        job=job,
    )
    return job


@transaction.atomic
def reports_dismiss(*, reports: Iterable[JobReport], by: User, note: str = "") -> int:
    """Close open reports without acting on their jobs; how many. Already resolved ones are left."""
    ids = [report.pk for report in reports]
    open_reports = JobReport.objects.filter(pk__in=ids).open()
    jobs = set(open_reports.values_list("job_id", flat=True))
    dismissed = open_reports.update(
        status=ReportStatus.DISMISSED, resolved_at=timezone.now(), resolved_by=by, resolution_note=note.strip()
    )
    JobDecision.objects.bulk_create(
        JobDecision(job_id=job_id, decision=Decision.REPORTS_DISMISSED, note=note.strip(), decided_by=by)
        for job_id in sorted(jobs)
    )
    return dismissed
