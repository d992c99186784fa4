"""The figures of each role's dashboard: one function per role, shared by the page and the API."""

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.models import Notification, User
from candidates.models import SavedJob
from jobs.models import (
    FUNNEL_STAGES,
    Application,
    ApplicationCount,
    ApplicationStatus,
    Job,
    JobStatus,
    WithdrawalReason,
)

RESPONDED_STATUSES = (
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
)


def candidate_dashboard(*, user: User) -> dict[str, Any]:
    by_status = dict(Application.objects.submitted_by(user).order_by().values_list("status").annotate(n=Count("*")))
    return {
        "applications_by_status": {status: by_status.get(status, 0) for status in ApplicationStatus.values},
        "applications": sum(by_status.values()),
        "saved_jobs": SavedJob.objects.filter(candidate__user=user).count(),
        "unread_notifications": Notification.objects.for_user(user).unread().count(),
    }


def _counted(**where: Any) -> Coalesce:
    """The sum of the company's application counts (jobs_applicationcount, kept by the
    database) matching ``where``: a few rows per job, not its applications."""
    where = {f"application_counts__{field}": value for field, value in where.items()}
    return Coalesce(Sum("application_counts__n", filter=Q(**where) if where else None), 0)


def employer_dashboard(*, user: User, days: int = 30) -> dict[str, Any]:
    """The company's figures in one aggregate over its jobs and their application counts (not
    one query per figure, never over the applications), plus the daily series and the unread
    count."""
    figures = (
        Job.objects.for_company_member(user)
        .order_by()
        .aggregate(
            # The join repeats a job once per count row: count each job once.
            active_jobs=Count("id", filter=Q(status=JobStatus.PUBLISHED), distinct=True),
            # Not "applications": an alias named like the relation would hide it from the filters.
            received=_counted(),
            new=_counted(status=ApplicationStatus.APPLIED),
            interviews=_counted(status=ApplicationStatus.INTERVIEW),
            responded=_counted(status__in=RESPONDED_STATUSES),
            withdrawn=_counted(status=ApplicationStatus.WITHDRAWN),
        )
    )
    figures["applications"] = figures.pop("received")
    answerable = figures["applications"] - figures.pop("withdrawn")
    responded = figures.pop("responded")
    since = timezone.now() - datetime.timedelta(days=days)
    # Days in the reader's zone, so from the applications themselves: the (job, applied_at)
    # index reads only the window's rows, and count(*) needs nothing else (an index-only scan).
    per_day = dict(
        Application.objects.for_company_member(user)
        .order_by()
        .filter(applied_at__gte=since)
        .annotate(day=TruncDate("applied_at"))
        .values_list("day")
        .annotate(n=Count("*"))
    )
    today = timezone.localdate()
    return {
        **figures,
        "response_rate": round(responded / answerable, 3) if answerable else None,
        "applications_per_day": [
            {"date": day, "applications": per_day.get(day, 0)}
            for day in (today - datetime.timedelta(days=offset) for offset in range(days - 1, -1, -1))
        ],
        "unread_notifications": Notification.objects.for_user(user).unread().count(),
    }


FUNNEL_JOBS = 20


def employer_funnels(*, user: User, limit: int = FUNNEL_JOBS) -> list[dict[str, Any]]:
    """The funnel of each of the company's published jobs (newest first), in one grouped query
    over their application counts: how many applications reached each stage, by their status
    now or by their history (the counts' furthest stage: applied -> interview skipped "viewed"
    but reached it; a rejection after an interview still reached the interview)."""
    jobs = (
        Job.objects.for_company_member(user)
        .filter(status=JobStatus.PUBLISHED)
        .only("id", "title", "slug", "posted_at")
        .annotate(
            **{f"reached_{stage}": _counted(furthest_stage__gte=index) for index, stage in enumerate(FUNNEL_STAGES)}
        )
        .order_by("-posted_at", "-id")[:limit]
    )
    return [
        {
            "job": job,
            "stages": [
                {"status": stage, "label": stage.label, "count": getattr(job, f"reached_{stage}")}
                for stage in FUNNEL_STAGES
            ],
        }
        for job in jobs
    ]


def employer_withdrawal_reasons(*, user: User) -> list[dict[str, Any]]:
    """Why candidates withdrew from the company's jobs, most given first: [{"reason": value
    or "" when not said, "label", "count"}]. One grouped query over the counts."""
    counts = dict(
        ApplicationCount.objects.for_company_member(user)
        .filter(status=ApplicationStatus.WITHDRAWN, n__gt=0)
        .order_by()
        .values_list("withdrawal_reason")
        .annotate(total=Sum("n"))
    )
    labels = dict(WithdrawalReason.choices)
    rows = [{"reason": reason, "label": labels.get(reason, ""), "count": n} for reason, n in counts.items()]
    return sorted(rows, key=lambda row: (row["reason"] == "", -row["count"], row["reason"]))
