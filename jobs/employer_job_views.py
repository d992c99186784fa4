"""The employer's company and job postings on the site: creating or joining the company, its
members and invitations, and writing, previewing and publishing its jobs.

Jobs are read through the user's memberships, so another company's job is a 404; the rules
(who may change the company, what publishing needs) live in ``jobs.services``."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from intowork.exceptions import ServiceError, add_service_error
from jobs import services
from jobs.employer_views import employer_required, member_job
from jobs.forms import CompanyForm, InvitationForm, JobForm
from jobs.models import CompanyInvitation, Employer, Job, MemberRole


def company_required(view):
    """An employer with a company: ``request.membership`` is theirs. One without is shown how
    to get one (create it, or accept an invitation) instead of empty pages."""

    @wraps(view)
    @employer_required
    def wrapper(request, *args, **kwargs):
        request.membership = Employer.objects.of_user(request.user).first()
        if request.membership is None:
            invitations = CompanyInvitation.objects.open_for(request.user).order_by("-created_at")
            return render(request, "jobs/employer/company_missing.html", {"invitations": invitations})
        return view(request, *args, **kwargs)

    return wrapper


def _owner_membership(request) -> Employer:
    if request.membership.role != MemberRole.OWNER:
        raise PermissionDenied(_("Only the company's owners can do this."))
    return request.membership


# --- The company ----------------------------------------------------------------------------


@employer_required
@require_http_methods(["GET", "POST"])
def company_create(request):
    if Employer.objects.filter(user=request.user).exists():  # one joins another company by invitation
        return redirect("employer:company")
    form = CompanyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_create(owner=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(company)s is created. Post its first job!") % {"company": company.name})
            return redirect("employer:home")
    return render(request, "jobs/employer/company_form.html", {"form": form, "company": None})


@company_required
@require_http_methods(["GET", "POST"])
def company_edit(request):
    company = _owner_membership(request).company
    form = CompanyForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_update(company=company, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The company page is saved."))
            return redirect("employer:company")
    return render(request, "jobs/employer/company_form.html", {"form": form, "company": company})


@company_required
@require_http_methods(["GET", "HEAD"])
def company_logo(request):
    """The company's logo, for its members' pages (media files have no public URL)."""
    logo = request.membership.company.logo
    if not logo:
        raise Http404
    return FileResponse(logo.open("rb"))


@company_required
@require_http_methods(["GET", "POST"])
def company(request):
    """The company as its members see it: its page, its members and open invitations; owners
    invite new members here."""
    membership = request.membership
    company = membership.company
    is_owner = membership.role == MemberRole.OWNER
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        _owner_membership(request)
        if form.is_valid():
            try:
                invitation = services.company_invite(
                    company=company, email=form.cleaned_data["email"], by=request.user
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The invitation is sent to %(email)s.") % {"email": invitation.email})
                return redirect("employer:company")
    context = {
        "company": company,
        "is_owner": is_owner,
        "members": company.memberships.select_related("user").order_by("created_at", "id"),
        "invitations": company.invitations.open().select_related("invited_by").order_by("-created_at", "-id"),
        "form": form,
    }
    return render(request, "jobs/employer/company.html", context, status=400 if form.errors else 200)


@employer_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """The link of an invitation email. Opening it shows the invitation; the button accepts it."""
    invitation = CompanyInvitation.objects.select_related("company").filter(token=token).first()
    if invitation is None:
        return render(request, "jobs/employer/invitation.html", {"invitation": None}, status=404)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ServiceError as error:
            context = {"invitation": invitation, "error": error.message}
            return render(request, "jobs/employer/invitation.html", context, status=error.status_code)
        messages.success(request, _("Welcome to %(company)s!") % {"company": invitation.company.name})
        return redirect("employer:home")
    return render(request, "jobs/employer/invitation.html", {"invitation": invitation})


# --- Its jobs -------------------------------------------------------------------------------


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
    done = JOB_MOVES["publish"][1] if publishing else _("%(title)s is saved. Preview it, then publish it.")
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
