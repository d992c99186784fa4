"""The figures of each role's dashboard: one function per role, shared by the page and the API."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Notification
from candidates.models import SavedJob
from jobs.models import Application, ApplicationStatus, Job, JobStatus

RESPONDED_STATUSES = (
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
)


def candidate_dashboard(*, user) -> dict:
    by_status = dict(Application.objects.of_candidate(user).order_by().values_list("status").annotate(n=Count("id")))
    return {
        "applications_by_status": {status: by_status.get(status, 0) for status in ApplicationStatus.values},
        "applications": sum(by_status.values()),
        "saved_jobs": SavedJob.objects.filter(candidate__user=user).count(),
        "unread_notifications": Notification.objects.for_user(user).unread().count(),
    }


def employer_dashboard(*, user, days: int = 30) -> dict:
    """The company's figures in one aggregate over its applications, plus the daily series."""
    applications = Application.objects.for_company_member(user).order_by()
    figures = applications.aggregate(
        applications=Count("id"),
        new=Count("id", filter=Q(status=ApplicationStatus.APPLIED)),
        interviews=Count("id", filter=Q(status=ApplicationStatus.INTERVIEW)),
        responded=Count("id", filter=Q(status__in=RESPONDED_STATUSES)),
        withdrawn=Count("id", filter=Q(status=ApplicationStatus.WITHDRAWN)),
    )
    answerable = figures["applications"] - figures.pop("withdrawn")
    responded = figures.pop("responded")
    since = timezone.now() - datetime.timedelta(days=days)
    per_day = dict(
        applications.filter(applied_at__gte=since)
        .annotate(day=TruncDate("applied_at"))
        .values_list("day")
        .annotate(n=Count("id"))
    )
    today = timezone.now().date()
    return {
        **figures,
        "active_jobs": Job.objects.for_company_member(user).filter(status=JobStatus.PUBLISHED).count(),
        "response_rate": round(responded / answerable, 3) if answerable else None,
        "applications_per_day": [
            {"date": day, "applications": per_day.get(day, 0)}
            for day in (today - datetime.timedelta(days=offset) for offset in range(days - 1, -1, -1))
        ],
        "unread_notifications": Notification.objects.for_user(user).unread().count(),
    }
