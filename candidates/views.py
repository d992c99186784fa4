from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from candidates.forms import ApplyForm
from candidates.services import profile_for_user
from intowork.exceptions import ConflictError, ServiceError
from jobs import services as job_services
from jobs.models import Application, ApplicationStatus, ApplicationStatusChange, Job


def candidate_required(view):
    """Signed in, with the candidate role: employers and staff have no applications to make."""

    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.CANDIDATE:
            messages.info(request, _("Applying is for candidate accounts."))
            return redirect("jobs:job_list")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


@candidate_required
def job_apply(request, pk: int, slug: str):
    job = get_object_or_404(Job.objects.published().for_listing().with_has_applied(request.user), pk=pk, slug=slug)
    candidate = profile_for_user(user=request.user)
    if job.has_applied:
        messages.info(request, _("You have already applied to this job."))
        return redirect("candidates:application_list")
    form = ApplyForm(request.POST or None, candidate=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            job_services.application_submit(
                candidate=candidate,
                job=job,
                cv=form.cleaned_data["cv"],
                cover_letter=form.cleaned_data["cover_letter"],
            )
        except ConflictError as error:  # a double click or a second tab got there first
            messages.info(request, error.message)
            return redirect("candidates:application_list")
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your application was sent to %(company)s.") % {"company": job.company.name})
            return redirect("candidates:application_list")
    return render(request, "candidates/apply.html", {"job": job, "form": form})


@candidate_required
def application_list(request):
    status = request.GET.get("status", "")
    applications = (
        Application.objects.of_candidate(request.user)
        .select_related("job", "job__company", "cv")
        .prefetch_related(
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.order_by("created_at", "id"))
        )
        .order_by("-applied_at", "-id")
    )
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    page = Paginator(applications, 20).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": ApplicationStatus.choices}
    return render(request, "candidates/application_list.html", context)


@require_POST
@candidate_required
def application_withdraw(request, pk: int):
    application = get_object_or_404(Application.objects.of_candidate(request.user), pk=pk)
    try:
        job_services.application_withdraw(application=application, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("candidates:application_list")
