from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.models import Notification, Role
from candidates.services import profile_for_user
from jobs.models import Application, ApplicationStatus, Job


@login_required
def dashboard(request):
    if request.user.role == Role.STAFF or request.user.is_staff:
        return redirect("admin:index")
    if request.user.role == Role.EMPLOYER:
        return employer_dashboard(request)
    return candidate_dashboard(request)


def candidate_dashboard(request):
    candidate = profile_for_user(user=request.user)
    applications = Application.objects.of_candidate(request.user)
    # Every figure from one aggregate query.
    counts = applications.aggregate(
        total=Count("pk"), **{status: Count("pk", filter=Q(status=status)) for status in ApplicationStatus.values}
    )
    recent = applications.select_related("job", "job__company").order_by("-updated_at", "-id")[:5]
    return render(
        request,
        "accounts/dashboard_candidate.html",
        {
            "counts": counts,
            "by_status": [(label, counts[value]) for value, label in ApplicationStatus.choices],
            "recent": recent,
            "recommended": recommended_jobs(candidate, request.user),
        },
    )


def recommended_jobs(candidate, user, limit: int = 5):
    """Open jobs matching the candidate's skills or headline (full-text), not yet applied to."""
    words = [skill.name for skill in candidate.skills.all()] + candidate.headline.split()
    words = [w.replace('"', " ").strip() for w in words if w.strip()][:20]
    if not words:
        return []
    query = SearchQuery(" or ".join(f'"{w}"' for w in words), config="english", search_type="websearch")
    return list(
        Job.objects.published()
        .for_listing()
        .filter(search_vector=query)
        .exclude(pk__in=Application.objects.of_candidate(user).values("job_id"))
        .order_by("-posted_at", "-id")[:limit]
    )


def employer_dashboard(request):
    jobs = Job.objects.for_company_member(request.user).select_related("company").order_by("-created_at", "-id")[:50]
    return render(request, "accounts/dashboard_employer.html", {"jobs": jobs})


@login_required
def notification_list(request):
    notifications = Notification.objects.for_user(request.user).for_listing()
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "accounts/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request, pk: int):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    if request.htmx:
        return render(request, "accounts/_notification.html", {"notification": notification})
    return redirect("accounts:notification_list")


@require_POST
@login_required
def notifications_read_all(request):
    marked = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(n)d notification(s) marked as read.") % {"n": marked})
    return redirect("accounts:notification_list")
