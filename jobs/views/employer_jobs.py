"""The company's job postings on the site: listing them, writing, previewing and publishing,
closing, archiving, deleting drafts. Publishing's rules live in ``jobs.services``."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import employer_required
from intowork.exceptions import ServiceError, add_service_error
from jobs import services
from jobs.forms import JobForm
from jobs.models import Job, JobModeration, JobStatus
from jobs.views.membership import company_required, member_job

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PER_PAGE = 25


@company_required
def job_list(request):
    jobs = Job.objects.for_company_member(request.user).select_related("company").order_by("-created_at", "-id")
    page = Paginator(jobs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "jobs/employer/job_list.html", {"page": page})


# When the job waits for our staff's approval instead (a new company's first job, or its changes).
PENDING_MESSAGE = gettext_lazy(
    "%(title)s is saved and waits for approval by our team: candidates will see it once approved."
)

JOB_MOVES = {
    "publish": (services.job_publish, gettext_lazy("%(title)s is published: candidates can find it and apply.")),
    "close": (services.job_close, gettext_lazy("%(title)s is closed: it no longer takes applications.")),
    "archive": (services.job_archive, gettext_lazy("%(title)s is archived.")),
}


def _save_job(request, form: JobForm, save) -> Job | None:
    """``save(**fields)`` the form's job; with the "Publish" button, publish it too, or else
    keep nothing: a refused publication leaves the job as it was, the form shows why."""
    publishing = "publish" in request.POST
    try:
        with transaction.atomic():
            job = save(**form.cleaned_data)
            if publishing:
                services.job_publish(job=job, by=request.user)
    except ServiceError as error:
        add_service_error(form, error)
        return None
    done: StrOrPromise
    if job.moderation == JobModeration.PENDING and job.status == JobStatus.PUBLISHED:
        done = PENDING_MESSAGE
    elif publishing:
        done = JOB_MOVES["publish"][1]
    else:
        done = _("%(title)s is saved. Preview it, then publish it.")
    messages.success(request, done % {"title": job.title})
    return job


def _job_form_page(request, form: JobForm, job: Job | None, *, status: int = 200):
    return render(request, "jobs/employer/job_form.html", {"form": form, "job": job}, status=status)


@company_required
@require_http_methods(["GET", "POST"])
def job_create(request):
    company = request.membership.company
    form = JobForm(request.POST or None, instance=Job(company=company, author=request.user))
    if request.method == "POST" and form.is_valid():
        job = _save_job(
            request, form, lambda **fields: services.job_create(company=company, author=request.user, **fields)
        )
        if job is not None:
            return redirect("employer:job_preview", pk=job.pk)
    return _job_form_page(request, form, None, status=400 if form.errors else 200)


@employer_required
@require_http_methods(["GET", "POST"])
def job_edit(request, pk: int):
    job = member_job(request.user, pk)
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        saved = _save_job(request, form, lambda **fields: services.job_update(job=job, by=request.user, **fields))
        if saved is not None:
            return redirect("employer:job_preview", pk=job.pk)
    if form.errors:  # the form changed the job in memory: show its heading as it is saved
        return _job_form_page(request, form, member_job(request.user, pk), status=400)
    return _job_form_page(request, form, job)


@employer_required
@require_http_methods(["GET", "HEAD"])
def job_preview(request, pk: int):
    """The job as candidates see it on its page, with the buttons that move it."""
    return render(request, "jobs/employer/job_preview.html", {"job": member_job(request.user, pk)})


@require_POST
@employer_required
def job_move(request, pk: int, action: str):
    job = member_job(request.user, pk)
    move, done = JOB_MOVES[action]
    try:
        move(job=job, by=request.user)
    except ServiceError as error:
        if error.field:  # the job itself must change first (its salary, its expiry): show it on its form
            job = member_job(request.user, pk)
            form = _form_as_saved(job)
            add_service_error(form, error)
            return _job_form_page(request, form, job, status=400)
        messages.error(request, error.message)
    else:
        if action == "publish" and job.moderation == JobModeration.PENDING:
            done = PENDING_MESSAGE
        messages.success(request, done % {"title": job.title})
    return redirect(_back(request, job))


def _form_as_saved(job: Job) -> JobForm:
    """The job's form bound to its saved values, so that errors can be shown on it."""
    unbound = JobForm(instance=job)
    form = JobForm({name: unbound[name].value() for name in unbound.fields}, instance=job)
    form.is_valid()
    return form


def _back(request, job: Job) -> str:
    """Where a job's button came from: its list, or its preview."""
    if request.POST.get("from") == "list":
        return reverse("employer:job_list")
    return reverse("employer:job_preview", args=[job.pk])


@employer_required
@require_http_methods(["GET", "POST"])
def job_delete(request, pk: int):
    """Delete a draft, after a confirmation page (a published job is closed or archived instead)."""
    job = member_job(request.user, pk)
    if request.method == "POST":
        try:
            services.job_delete(job=job, by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("employer:job_preview", pk=job.pk)
        messages.success(request, _("The draft %(title)s is deleted.") % {"title": job.title})
        return redirect("employer:job_list")
    return render(request, "jobs/employer/job_delete.html", {"job": job})
