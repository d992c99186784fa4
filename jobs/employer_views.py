"""The employer's pipeline on the site: their company's jobs, each job's applications, and
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

from accounts.models import Role
from intowork.exceptions import ServiceError
from jobs import services
from jobs.models import (
    EMPLOYER_SETTABLE_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
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
