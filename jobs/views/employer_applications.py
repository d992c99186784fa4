"""A job's applications as its company sees them, and moving them through the hiring stages:
one by one (with htmx when available) or in bulk."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import employer_required
from candidates.files import cv_file_response
from hiring import services as hiring_services
from hiring.forms import NoteForm, SendMessageForm
from hiring.models import ApplicationMessage, ApplicationNote, BulkMove, Interview, MessageTemplate
from intowork.exceptions import ServiceError
from jobs import services
from jobs.forms import ApplicationMoveForm, BulkMoveForm
from jobs.models import ApplicationStatus, Job
from jobs.views.membership import member_application, member_job

PER_PAGE = 25


def _application_list_context(request, job: Job, bulk_form: BulkMoveForm) -> dict:
    status = request.GET.get("status", "")
    applications = job.applications.select_related("candidate__user").order_by("-applied_at", "-id")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "job": job,
        "page": page,
        "status": status,
        "statuses": ApplicationStatus.choices,
        "bulk_form": bulk_form,
        "selected": {str(pk) for pk in bulk_form["applications"].value() or []},
        # The company's message templates, one query: a move of several can send one.
        "templates": list(MessageTemplate.objects.filter(company_id=job.company_id)),
        "chosen_template": request.POST.get("template", ""),
        # The employer's last bulk move here, while it can be undone.
        "undoable": BulkMove.objects.undoable(by=request.user, job_id=job.pk).first(),
    }


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
    template_form = SendMessageForm(request.POST, company_id=job.company_id, required=False)
    if not template_form.is_valid():
        context = _application_list_context(request, job, form)
        return render(request, "jobs/employer/application_list.html", context, status=400)
    result = hiring_services.applications_bulk_move(
        job=job,
        applications=list(form.cleaned_data["applications"]),
        to=target,
        by=request.user,
        note=form.cleaned_data["note"],
        template=template_form.cleaned_data["template"],
    )
    moved, failed = result.moved, result.failed
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
            _("%(name)s was not moved: %(reason)s") % {"name": application.candidate_name, "reason": error.message},
        )
    query = request.GET.urlencode()
    return redirect(reverse("employer:application_list", args=[job.pk]) + (f"?{query}" if query else ""))


# --- One application ---------------------------------------------------------------------------


@employer_required
def application_detail(request, pk: int):
    """Opening an application: recorded in the company's activity log; a new one is marked viewed."""
    application = member_application(request.user, pk)
    if services.application_open(application=application, by=request.user, as_member=True):
        application = member_application(request.user, pk)  # its new status and history
    interviews = Interview.objects.filter(application=application).for_listing()
    return render(
        request,
        "jobs/employer/application_detail.html",
        {
            "application": application,
            "interviews": interviews,
            "scorecards": hiring_services.scorecards_visible(application=application, viewer=request.user),
            "notes": ApplicationNote.objects.filter(application=application).for_listing(),
            "note_form": NoteForm(),
            "messages_sent": ApplicationMessage.objects.filter(application=application),
            "templates": list(MessageTemplate.objects.filter(company_id=application.job.company_id)),
        },
    )


@employer_required
@require_http_methods(["GET", "HEAD"])
def application_cv(request, pk: int):
    """The CV sent with one of the company's applications; the download is recorded in the
    company's activity log."""
    application = member_application(request.user, pk)
    if application.cv is None:
        raise Http404
    return cv_file_response(
        application.cv,
        accessed_by=request.user,
        company_id=application.job.company_id,
        application_id=application.pk,
    )


# Where a move was asked from decides what answers it: the list's row or the detail's panel.
MOVE_FRAGMENTS = {"list": "jobs/employer/_application_row.html", "detail": "jobs/employer/_application_status.html"}


@require_POST
@employer_required
def application_move(request, pk: int):
    """Move one application. With htmx, answer with the fragment that changed (the status and
    history panel, or the list's row); without, redirect back so it works without JavaScript."""
    application = member_application(request.user, pk)
    origin = request.POST.get("origin", "detail")
    form = ApplicationMoveForm(request.POST)
    error: str | None = None
    if not form.is_valid():
        error = " ".join(str(message) for messages in form.errors.values() for message in messages)
    else:
        try:
            services.application_change_status(
                application=application,
                to=form.cleaned_data["status"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ServiceError as refusal:
            error = str(refusal.message)
        except ValueError:  # not a status at all
            error = _("Choose one of the proposed statuses.")
    if request.htmx:
        application = member_application(request.user, pk)  # the new status and history
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
