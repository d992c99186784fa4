"""The figures of each role's dashboard: one function per role, shared by the page and the API."""

import datetime
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Notification, User
from candidates.models import SavedJob
from jobs.models import Application, ApplicationStatus, Job, JobStatus, WithdrawalReason

RESPONDED_STATUSES = (
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
)


def candidate_dashboard(*, user: User) -> dict[str, Any]:
    by_status = dict(Application.objects.submitted_by(user).order_by().values_list("status").annotate(n=Count("id")))
    return {
        "applications_by_status": {status: by_status.get(status, 0) for status in ApplicationStatus.values},
        "applications": sum(by_status.values()),
        "saved_jobs": SavedJob.objects.filter(candidate__user=user).count(),
        "unread_notifications": Notification.objects.for_user(user).unread().count(),
    }


def _applications_in(*statuses: ApplicationStatus) -> Q:
    return Q(applications__status__in=statuses)


def employer_dashboard(*, user: User, days: int = 30) -> dict[str, Any]:
    """The company's figures in one aggregate over its jobs and their applications (not one
    query per figure), plus the daily series and the unread count."""
    applications = Application.objects.for_company_member(user).order_by()
    figures = (
        Job.objects.for_company_member(user)
        .order_by()
        .aggregate(
            # The join repeats a job once per application: count each job once.
            active_jobs=Count("id", filter=Q(status=JobStatus.PUBLISHED), distinct=True),
            # Not "applications": an alias named like the relation would hide it from the filters.
            received=Count("applications"),
            new=Count("applications", filter=_applications_in(ApplicationStatus.APPLIED)),
            interviews=Count("applications", filter=_applications_in(ApplicationStatus.INTERVIEW)),
            responded=Count("applications", filter=_applications_in(*RESPONDED_STATUSES)),
            withdrawn=Count("applications", filter=_applications_in(ApplicationStatus.WITHDRAWN)),
        )
    )
    figures["applications"] = figures.pop("received")
    answerable = figures["applications"] - figures.pop("withdrawn")
    responded = figures.pop("responded")
    since = timezone.now() - datetime.timedelta(days=days)
    per_day = dict(
        applications.filter(applied_at__gte=since)
        .annotate(day=TruncDate("applied_at"))
        .values_list("day")
        .annotate(n=Count("id"))
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


# The hiring funnel's stages, in order. Rejected and withdrawn are exits, not stages.
FUNNEL_STAGES = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.VIEWED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.ACCEPTED,
)
FUNNEL_JOBS = 20


def _reached(stage: ApplicationStatus) -> Q:
    """An application reached ``stage`` if it is at this stage or a later one now, or if its
    history ever took it there. The history alone would miss the stages an application skipped
    (applied -> interview never passed "viewed") and rows imported without history; the current
    status alone would forget how far a rejected or withdrawn application got."""
    stages = FUNNEL_STAGES[FUNNEL_STAGES.index(stage) :]
    return Q(applications__status__in=stages) | Q(applications__status_changes__to_status__in=stages)


def employer_funnels(*, user: User, limit: int = FUNNEL_JOBS) -> list[dict[str, Any]]:
    """The funnel of each of the company's published jobs (newest first), in one grouped query:
    how many of its applications reached each stage."""
    jobs = (
        Job.objects.for_company_member(user)
        .filter(status=JobStatus.PUBLISHED)
        .only("id", "title", "slug", "posted_at")
        .annotate(
            # Joined to the history, an application is repeated once per change: count it once.
            **{
                f"reached_{stage}": Count("applications", filter=_reached(stage), distinct=True)
                for stage in FUNNEL_STAGES[1:]
            },
            reached_applied=Count("applications", distinct=True),
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
    or "" when not said, "label", "count"}]. One grouped query."""
    counts = dict(
        Application.objects.for_company_member(user)
        .filter(status=ApplicationStatus.WITHDRAWN)
        .order_by()
        .values_list("withdrawal_reason")
        .annotate(n=Count("id"))
    )
    labels = dict(WithdrawalReason.choices)
    rows = [{"reason": reason, "label": labels.get(reason, ""), "count": n} for reason, n in counts.items()]
    return sorted(rows, key=lambda row: (row["reason"] == "", -row["count"], row["reason"]))
