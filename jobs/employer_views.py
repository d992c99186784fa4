"""The employer's pipeline on the site: the dashboard, their company's jobs, each job's applications, and
moving an application through the hiring stages. Everything is scoped to the companies the
user is a member of, so another company's job or application is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import dashboards
from accounts.models import Role
from intowork.exceptions import ServiceError
from jobs import services
from jobs.models import (
    EMPLOYER_SETTABLE_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Company,
    Job,
)


def employer_required(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.EMPLOYER:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


# --- Dashboard ---------------------------------------------------------------------------------

# The chart's geometry, in SVG user units (the drawing scales to its container).
CHART_WIDTH, CHART_HEIGHT = 640, 200
CHART_LEFT, CHART_TOP, CHART_BOTTOM = 40, 12, 172  # the plot area; below it, the dates
CHART_LABEL_EVERY = 7  # one date under every seventh bar, counted back from today


def applications_chart(series: list[dict]) -> dict:
    """Bars for an inline SVG of applications per day. Whole numbers only: the template
    prints them into attributes, where a localised decimal comma would break the drawing."""
    top = max([day["applications"] for day in series] + [1])
    slot = (CHART_WIDTH - CHART_LEFT) // len(series)
    plot_height = CHART_BOTTOM - CHART_TOP
    bars = []
    for index, day in enumerate(series):
        height = round(day["applications"] * plot_height / top)
        bars.append(
            {
                "date": day["date"],
                "count": day["applications"],
                "x": CHART_LEFT + index * slot + 2,
                "y": CHART_BOTTOM - height,
                "width": slot - 4,
                "height": height,
                "label_x": CHART_LEFT + index * slot + slot // 2,
                "labelled": (len(series) - 1 - index) % CHART_LABEL_EVERY == 0,
            }
        )
    return {
        "bars": bars,
        "top": top,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "plot_top": CHART_TOP,
        "plot_bottom": CHART_BOTTOM,
        "date_y": CHART_BOTTOM + 18,
        "total": sum(bar["count"] for bar in bars),
    }


@employer_required
def home(request):
    """The employer's dashboard: figures, applications per day, and each published job's funnel."""
    user = request.user
    companies = list(Company.objects.for_member(user).order_by("name").only("id", "name", "slug"))
    context = {"companies": companies}
    if companies:
        figures = dashboards.employer_dashboard(user=user)
        rate = figures["response_rate"]
        context |= {
            "figures": figures,
            "cards": [
                (_("Active jobs"), figures["active_jobs"]),
                (_("Applications"), figures["applications"]),
                (_("New, not opened yet"), figures["new"]),
                (_("Interviews"), figures["interviews"]),
                (_("Response rate"), "—" if rate is None else _("%(percent)d%%") % {"percent": round(rate * 100)}),
            ],
            "chart": applications_chart(figures["applications_per_day"]),
            "funnels": dashboards.employer_funnels(user=user),
        }
    return render(request, "jobs/employer/dashboard.html", context)


@employer_required
def job_list(request):
    jobs = Job.objects.for_company_member(request.user).select_related("company").order_by("-created_at", "-id")
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(request, "jobs/employer/job_list.html", {"page": page})


@employer_required
def application_list(request, job_pk: int):
    job = get_object_or_404(Job.objects.for_company_member(request.user).select_related("company"), pk=job_pk)
    status = request.GET.get("status", "")
    applications = job.applications.select_related("candidate__user").order_by("-applied_at", "-id")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    context = {"job": job, "page": page, "status": status, "statuses": ApplicationStatus.choices}
    return render(request, "jobs/employer/application_list.html", context)


def _member_application(user, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.for_company_member(user)
        .select_related("job", "job__company", "candidate__user", "cv")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ApplicationStatusChange.objects.select_related("changed_by").order_by("created_at", "id"),
            )
        ),
        pk=pk,
    )


@employer_required
def application_detail(request, pk: int):
    application = _member_application(request.user, pk)
    if application.status == ApplicationStatus.APPLIED:  # opening it is viewing it
        services.application_mark_viewed(application=application, by=request.user)
        application = _member_application(request.user, pk)
    next_statuses = [
        (status.value, status.label)
        for status in EMPLOYER_SETTABLE_STATUSES
        if status in ApplicationStatus(application.status).next_statuses
    ]
    context = {"application": application, "next_statuses": next_statuses}
    return render(request, "jobs/employer/application_detail.html", context)


@require_POST
@employer_required
def application_move(request, pk: int):
    application = _member_application(request.user, pk)
    try:
        services.application_change_status(
            application=application,
            to=request.POST.get("status", ""),
            by=request.user,
            note=request.POST.get("note", ""),
        )
    except (ServiceError, ValueError) as error:
        messages.error(request, getattr(error, "message", _("Choose one of the proposed statuses.")))
    else:
        messages.success(request, _("The application was moved."))
    return redirect("employer:application_detail", pk=pk)
