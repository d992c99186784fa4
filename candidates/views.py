"""The candidate's pages: profile, CVs, applying, saved jobs and "My applications"."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Model, Prefetch
from django.forms import ModelForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import candidate_required
from candidates import services
from candidates.files import cv_file_response
from candidates.forms import (
    ApplicationFilterForm,
    ApplyForm,
    CVUploadForm,
    EducationForm,
    ExperienceForm,
    ProfileForm,
    SkillForm,
    WithdrawForm,
)
from candidates.models import CV, Education, Experience, SavedJob, Skill
from hiring.models import ApplicationMessage, Interview
from intowork.exceptions import ConflictError, ServiceError, add_service_error
from intowork.paginators import CountedPaginator
from intowork.ratelimits import PageRateThrottle
from jobs import services as job_services
from jobs.models import Application, ApplicationStatus, ApplicationStatusChange, Job

PER_PAGE = 20


def candidate_page(view):
    """A candidate's page (``accounts.decorators.candidate_required``): ``request.candidate``
    is their profile, created on first use."""

    @wraps(view)
    @candidate_required
    def wrapper(request, *args, **kwargs):
        request.candidate = services.profile_for_user(user=request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# --- Profile ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A repeatable part of the profile: its rows, form and the services that change it."""

    model: type[Model]
    form: type[ModelForm]
    add: Callable[..., Model]
    update: Callable[..., Model]
    delete: Callable[..., None]
    keyword: str  # the services' name for one row (``experience=``), and the form's prefix


SECTIONS = {
    "experiences": Section(
        Experience,
        ExperienceForm,
        services.experience_add,
        services.experience_update,
        services.experience_delete,
        "experience",
    ),
    "educations": Section(
        Education,
        EducationForm,
        services.education_add,
        services.education_update,
        services.education_delete,
        "education",
    ),
    "skills": Section(Skill, SkillForm, services.skill_add, services.skill_update, services.skill_delete, "skill"),
}


def _section(name: str) -> Section:
    try:
        return SECTIONS[name]
    except KeyError:
        raise Http404 from None


def _profile_context(candidate, **forms) -> dict:
    return {
        "candidate": candidate,
        "profile_form": forms.get("profile_form") or ProfileForm(instance=candidate),
        "experiences": candidate.experiences.all(),
        "educations": candidate.educations.all(),
        "skills": candidate.skills.all(),
        "experience_form": forms.get("experience_form") or ExperienceForm(prefix="experience"),
        "education_form": forms.get("education_form") or EducationForm(prefix="education"),
        "skill_form": forms.get("skill_form") or SkillForm(prefix="skill"),
        "cv_count": candidate.cvs.count(),
    }


@candidate_page
@require_http_methods(["GET", "POST"])
def profile(request):
    candidate = request.candidate
    form = ProfileForm(request.POST or None, instance=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(candidate=candidate, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("candidates:profile")
    return render(request, "candidates/profile.html", _profile_context(candidate, profile_form=form))


def _skills_partial(request, candidate, form=None):
    return render(
        request,
        "candidates/_skills.html",
        {"skills": candidate.skills.all(), "skill_form": form or SkillForm(prefix="skill")},
    )


@candidate_page
@require_POST
def section_add(request, section: str):
    spec = _section(section)
    candidate = request.candidate
    form = spec.form(request.POST, prefix=spec.keyword, instance=spec.model(candidate=candidate))
    if form.is_valid():
        try:
            spec.add(candidate=candidate, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
    if request.htmx and section == "skills":
        return _skills_partial(request, candidate, form if form.errors else None)
    if form.errors:
        return render(
            request,
            "candidates/profile.html",
            _profile_context(candidate, **{f"{spec.keyword}_form": form}),
            status=400,
        )
    messages.success(request, _("Added to your profile."))
    return redirect(f"{reverse('candidates:profile')}#{section}")


@candidate_page
@require_http_methods(["GET", "POST"])
def section_edit(request, section: str, pk: int):
    spec = _section(section)
    row = get_object_or_404(spec.model, pk=pk, candidate=request.candidate)
    form = spec.form(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            spec.update(**{spec.keyword: row}, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect(f"{reverse('candidates:profile')}#{section}")
    return render(request, "candidates/section_edit.html", {"form": form, "section": section, "row": row})


@candidate_page
@require_POST
def section_delete(request, section: str, pk: int):
    spec = _section(section)
    row = get_object_or_404(spec.model, pk=pk, candidate=request.candidate)
    spec.delete(**{spec.keyword: row})
    if request.htmx and section == "skills":
        return _skills_partial(request, request.candidate)
    messages.success(request, _("Removed from your profile."))
    return redirect(f"{reverse('candidates:profile')}#{section}")


# --- CVs --------------------------------------------------------------------------------------------


@candidate_page
@require_http_methods(["GET", "POST"])
def cv_list(request):
    candidate = request.candidate
    form = CVUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _upload_cv(request, form, candidate):
        messages.success(request, _("Your CV is uploaded."))
        # Back to the application being written, when the upload came from there.
        return redirect(_safe_next(request, reverse("candidates:cv_list")))
    status = 400 if form.errors else 200
    return render(request, "candidates/cv_list.html", {"cvs": candidate.cvs.all(), "form": form}, status=status)


@candidate_page
@require_POST
def cv_set_default(request, pk: int):
    services.cv_set_default(cv=get_object_or_404(CV, pk=pk, candidate=request.candidate))
    messages.success(request, _("This CV is now your default."))
    return redirect("candidates:cv_list")


@candidate_page
@require_POST
def cv_delete(request, pk: int):
    services.cv_delete(cv=get_object_or_404(CV, pk=pk, candidate=request.candidate))
    messages.success(request, _("The CV is deleted."))
    return redirect("candidates:cv_list")


@login_required
@require_http_methods(["GET", "HEAD"])
def cv_download(request, pk: int):
    """Streams a CV to its owner, to members of companies it was sent to, and to staff; a 404 for
    anyone else. Anyone but its owner is recorded in the audit trail."""
    cv = get_object_or_404(CV.objects.downloadable_by(request.user).with_access_of(request.user), pk=pk)
    if cv.owner_id == request.user.pk:
        return cv_file_response(cv)
    return cv_file_response(cv, accessed_by=request.user, company_id=cv.via_company_id)


# --- Applying --------------------------------------------------------------------------------------


def _open_job(pk: int, slug: str) -> Job:
    job = get_object_or_404(Job.objects.visible().for_listing(), pk=pk)
    if job.slug != slug:
        raise Http404
    return job


@candidate_page
@require_http_methods(["GET", "POST"])
def job_apply(request, pk: int, slug: str):
    """Apply: choose a CV (the default one is chosen) or upload one on the spot, write a letter.
    Uploading from here (htmx, or a full post without JavaScript) keeps the letter."""
    job = _open_job(pk, slug)
    candidate = request.candidate
    if not job.is_open:
        messages.info(request, _("This job is no longer accepting applications."))
        return redirect(job)
    if Application.objects.has_live(candidate=candidate, job=job):
        messages.info(request, _("You have already applied to this job: here is where you stand."))
        return redirect("candidates:application_list")
    if request.method == "POST" and request.POST.get("action") == "upload":
        return _apply_upload(request, job, candidate)
    form = ApplyForm(request.POST or None, candidate=candidate)
    upload_form = CVUploadForm(request.POST or None, request.FILES or None, prefix="upload")
    if request.method == "POST" and form.is_valid():
        choice = dict(form.cleaned_data)
        # A file chosen but not uploaded before sending: it is the CV sent.
        if request.FILES.get("upload-file"):
            new_cv = _upload_cv(request, upload_form, candidate)
            if new_cv is None:
                return _apply_page(request, job, form, upload_form, status=400)
            choice["cv"] = new_cv
        try:
            application = job_services.application_submit(candidate=candidate, job=job, **choice)
        except ConflictError:  # a double click or a second tab got there first
            messages.info(request, _("You have already applied to this job: here is where you stand."))
            return redirect("candidates:application_list")
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your application to %(job)s is sent. We emailed you a copy. Good luck!") % {"job": job.title},
            )
            return redirect("candidates:application_detail", pk=application.pk)
    return _apply_page(request, job, form, CVUploadForm(prefix="upload"), status=400 if form.errors else 200)


def _apply_page(request, job, form, upload_form, *, status=200, uploaded=None):
    context = {"job": job, "form": form, "upload_form": upload_form, "uploaded": uploaded}
    return render(request, "candidates/apply.html", context, status=status)


def _upload_cv(request, upload_form: CVUploadForm, candidate) -> CV | None:
    """The uploaded CV, or None with the form's errors said. Uploads are throttled per account,
    one budget with the API's ("uploads" rate): storing and checking files is not free."""
    if not PageRateThrottle("uploads").allows(request):
        upload_form.add_error(None, _("You have uploaded many files in a short time: please try again later."))
        return None
    if not upload_form.is_valid():
        return None
    try:
        return services.cv_upload(
            candidate=candidate,
            file=upload_form.cleaned_data["file"],
            title=upload_form.cleaned_data["title"],
            make_default=upload_form.cleaned_data["make_default"],
        )
    except ServiceError as error:
        add_service_error(upload_form, error)
        return None


def _apply_upload(request, job, candidate):
    """A CV uploaded from the application: with htmx the CV choice alone is swapped (the letter
    stays as typed, in the page); without, the page comes back with the letter as posted."""
    upload_form = CVUploadForm(request.POST, request.FILES, prefix="upload")
    new_cv = _upload_cv(request, upload_form, candidate)
    chosen = new_cv.pk if new_cv else request.POST.get("cv", "")
    form = ApplyForm(initial={"cv": chosen, "cover_letter": request.POST.get("cover_letter", "")}, candidate=candidate)
    if new_cv is not None:
        upload_form = CVUploadForm(prefix="upload")
    context = {"job": job, "form": form, "upload_form": upload_form, "uploaded": new_cv}
    if request.htmx:  # htmx swaps 200s only: the errors come back as one
        return render(request, "candidates/_apply_cv.html", context)
    return render(request, "candidates/apply.html", context, status=400 if upload_form.errors else 200)


def _own_application(request, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.submitted_by(request.user)
        .select_related("job__company", "cv")
        .prefetch_related(
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.order_by("created_at", "id"))
        ),
        pk=pk,
    )


@candidate_page
@require_http_methods(["GET", "HEAD"])
def application_detail(request, pk: int):
    """One application as its candidate sees it: where it stands, what was sent, its history.
    The page the confirmation and the emails about it open."""
    application = _own_application(request, pk)
    context = {
        "application": application,
        "interviews": Interview.objects.filter(application=application).for_listing(),
        "messages_sent": ApplicationMessage.objects.filter(application=application),
    }
    return render(request, "candidates/application_detail.html", context)


@candidate_page
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk: int):
    """Withdrawing asks first, and for a reason the candidate may give (the employer counts them)."""
    application = _own_application(request, pk)
    if not application.can_withdraw:
        messages.info(request, _("This application can no longer be withdrawn."))
        return redirect("candidates:application_detail", pk=application.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            job_services.application_withdraw(application=application, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your application is withdrawn."))
            return redirect(_safe_next(request, reverse("candidates:application_detail", args=[application.pk])))
    context = {"application": application, "form": form, "next": _safe_next(request, "")}
    return render(request, "candidates/application_withdraw.html", context, status=400 if form.errors else 200)


@candidate_page
@require_http_methods(["GET", "HEAD"])
def application_list(request):
    form = ApplicationFilterForm(request.GET or None)
    applications = (
        Application.objects.submitted_by(request.user)
        .select_related("job__company", "cv")
        .prefetch_related(
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.order_by("created_at", "id"))
        )
        .order_by("-applied_at", "-id")
    )
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if status:
        applications = applications.filter(status=status)
    # count(*), not count(id): the (candidate, status) index answers alone.
    counts = dict(
        Application.objects.submitted_by(request.user).order_by().values_list("status").annotate(n=Count("*"))
    )
    total = sum(counts.values())
    paginator = CountedPaginator(applications, PER_PAGE, count=counts.get(status, 0) if status else total)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "candidates/application_list.html",
        {
            "page_obj": page,
            "status": status,
            "query_string": f"status={status}" if status else "",
            "status_tabs": [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices],
            "total": total,
        },
    )


# --- Saved jobs --------------------------------------------------------------------------------------


@candidate_page
@require_POST
def job_save_toggle(request, pk: int, slug: str):
    job = get_object_or_404(Job.objects.for_listing(), pk=pk, slug=slug)
    # An archived job can still be forgotten from the list, never newly saved.
    if not job.is_visible and not SavedJob.objects.filter(candidate=request.candidate, job=job).exists():
        raise Http404
    job.is_saved = services.saved_job_toggle(candidate=request.candidate, job=job)
    if request.htmx:
        return render(request, "candidates/_save_button.html", {"job": job})
    messages.success(request, _("Job saved.") if job.is_saved else _("Job removed from your saved jobs."))
    return redirect(_safe_next(request, job.get_absolute_url()))


@candidate_page
@require_http_methods(["GET", "HEAD"])
def saved_job_list(request):
    saved = (
        SavedJob.objects.filter(candidate=request.candidate)
        .select_related("job__company")
        .order_by("-created_at", "-id")
    )
    return render(request, "candidates/saved_job_list.html", {"page_obj": _page(request, saved)})
