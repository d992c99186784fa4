"""The employer's pipeline on the site: the dashboard, their company's jobs, each job's
applications, and moving applications through the hiring stages, one by one (with htmx when
available) or in bulk. Everything is scoped to the companies the user is a member of, so
another company's job or application is a 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
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

PER_PAGE = 25
# What an employer may choose to move an application to: "viewed" is set by opening it.
MOVE_TARGETS = [status for status in EMPLOYER_SETTABLE_STATUSES if status != ApplicationStatus.VIEWED]


def employer_required(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.EMPLOYER:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


def move_choices(status: str) -> list[tuple[str, str]]:
    """The statuses an employer may move an application in ``status`` to, in pipeline order."""
    reachable = ApplicationStatus(status).next_statuses
    return [(target.value, target.label) for target in MOVE_TARGETS if target in reachable]


# --- Dashboard ---------------------------------------------------------------------------------

# The chart's geometry, in SVG user units (the drawing scales to its container).
CHART_WIDTH, CHART_HEIGHT = 800, 200
CHART_LEFT, CHART_RIGHT = 40, 780  # the plot area; room on the right for the last date
CHART_TOP, CHART_BOTTOM = 12, 172  # and below it for the dates
CHART_LABEL_EVERY = 7  # one date under every seventh bar, counted back from today


def applications_chart(series: list[dict]) -> dict:
    """Bars for an inline SVG of applications per day. Whole numbers only: the template
    prints them into attributes, where a localised decimal comma would break the drawing."""
    top = max([day["applications"] for day in series] + [1])
    slot = (CHART_RIGHT - CHART_LEFT) // len(series)
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
        "right": CHART_RIGHT,
        "plot_top": CHART_TOP,
        "plot_bottom": CHART_BOTTOM,
        "date_y": CHART_BOTTOM + 18,
        "total": sum(bar["count"] for bar in bars),
    }


@employer_required
def home(request):
    """The employer's dashboard: figures, applications per day, and each published job's funnel."""
    user = request.user
    figures = dashboards.employer_dashboard(user=user)
    rate = figures["response_rate"]
    context = {
        "companies": Company.objects.for_member(user).order_by("name").only("id", "name", "slug"),
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


# --- Jobs and their applications -------------------------------------------------------------


@employer_required
def job_list(request):
    jobs = Job.objects.for_company_member(request.user).select_related("company").order_by("-created_at", "-id")
    page = Paginator(jobs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "jobs/employer/job_list.html", {"page": page})


PICK_A_STAGE = gettext_lazy("Choose a stage…")


class BulkMoveForm(forms.Form):
    """Several applications of one job, moved to one status with one private note."""

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        error_messages={"required": gettext_lazy("Select at least one application.")},
    )
    status = forms.ChoiceField(label=gettext_lazy("Move the selected applications to"), choices=[])
    note = forms.CharField(
        label=gettext_lazy("Private note"),
        help_text=gettext_lazy("Only your company sees it; it is added to each application's history."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, job: Job, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this job's applications can be chosen: any other id is an invalid choice.
        self.fields["applications"].queryset = job.applications.select_related("candidate__user")
        # No stage is preselected: a click on "Apply" without choosing moves nothing.
        stages = [(status.value, status.label) for status in MOVE_TARGETS]
        self.fields["status"].choices = [("", PICK_A_STAGE), *stages]


def candidate_name(application: Application) -> str:
    user = application.candidate.user
    return user.get_full_name() or user.email


def _application_list_context(request, job: Job, bulk_form: BulkMoveForm) -> dict:
    status = request.GET.get("status", "")
    applications = job.applications.select_related("candidate__user").order_by("-applied_at", "-id")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    for application in page:
        application.move_choices = move_choices(application.status)
    return {
        "job": job,
        "page": page,
        "status": status,
        "statuses": ApplicationStatus.choices,
        "bulk_form": bulk_form,
        "selected": {str(pk) for pk in bulk_form["applications"].value() or []},
    }


def member_job(user, pk: int) -> Job:
    """One of the jobs of ``user``'s companies, or a 404 (another company's job is not found)."""
    return get_object_or_404(Job.objects.for_company_member(user).select_related("company"), pk=pk)


@employer_required
def application_list(request, job_pk: int):
    job = member_job(request.user, job_pk)
    context = _application_list_context(request, job, BulkMoveForm(job=job))
    return render(request, "jobs/employer/application_list.html", context)


@require_POST
@employer_required
def application_bulk_move(request, job_pk: int):
    """Move the checked applications; report how many moved and which could not, and why.
    The list's filter and page travel in the query string, so the employer comes back to them."""
    job = member_job(request.user, job_pk)
    form = BulkMoveForm(request.POST, job=job)
    if not form.is_valid():
        context = _application_list_context(request, job, form)
        return render(request, "jobs/employer/application_list.html", context, status=400)
    target = ApplicationStatus(form.cleaned_data["status"])
    moved, failed = services.applications_bulk_change_status(
        applications=form.cleaned_data["applications"], to=target, by=request.user, note=form.cleaned_data["note"]
    )
    if moved:
        messages.success(
            request,
            ngettext(
                "%(count)d application moved to %(status)s.", "%(count)d applications moved to %(status)s.", moved
            )
            % {"count": moved, "status": target.label},
        )
    for application, error in failed:
        messages.warning(
            request,
            _("%(name)s was not moved: %(reason)s") % {"name": candidate_name(application), "reason": error.message},
        )
    query = request.GET.urlencode()
    return redirect(reverse("employer:application_list", args=[job.pk]) + (f"?{query}" if query else ""))


# --- One application ---------------------------------------------------------------------------


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
    application.move_choices = move_choices(application.status)
    return render(request, "jobs/employer/application_detail.html", {"application": application})


# Where a move was asked from decides what answers it: the list's row or the detail's panel.
MOVE_FRAGMENTS = {"list": "jobs/employer/_application_row.html", "detail": "jobs/employer/_application_status.html"}


@require_POST
@employer_required
def application_move(request, pk: int):
    """Move one application. With htmx, answer with the fragment that changed (the status and
    history panel, or the list's row); without, redirect back so it works without JavaScript."""
    application = _member_application(request.user, pk)
    origin = request.POST.get("origin", "detail")
    target = request.POST.get("status", "")
    error = None
    try:
        services.application_change_status(
            application=application, to=target, by=request.user, note=request.POST.get("note", "").strip()
        )
    except ServiceError as refusal:
        error = refusal.message
    except ValueError:  # not a status at all
        error = _("Choose one of the proposed statuses.")
    if request.htmx:
        application = _member_application(request.user, pk)  # the new status and history
        application.move_choices = move_choices(application.status)
        context = {"application": application, "error": error, "moved": error is None}
        # Errors come back with 200: htmx swaps only successful responses, and the fragment shows the error.
        return render(request, MOVE_FRAGMENTS.get(origin, MOVE_FRAGMENTS["detail"]), context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The application was moved."))
    if origin == "list":
        return redirect("employer:application_list", job_pk=application.job_id)
    return redirect("employer:application_detail", pk=pk)
