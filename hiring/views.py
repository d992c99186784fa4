"""Interviews on the site: a company member schedules, moves and cancels them from an
application; the candidate answers; both download the .ics. Another's interview is a 404."""

import zoneinfo

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import candidate_required, employer_required
from hiring import services
from hiring.forms import (
    InterviewForm,
    InterviewResponseForm,
    MessageTemplateForm,
    NoteForm,
    ScorecardAttributesForm,
    ScorecardForm,
    SendMessageForm,
)
from hiring.invitations import interview_calendar
from hiring.models import BulkMove, Interview, MessageTemplate
from intowork.exceptions import ServiceError, add_service_error
from jobs.views.membership import company_required, member_application, member_job


def _interview_of(user, pk: int) -> Interview:
    return get_object_or_404(Interview.objects.visible_to(user).for_listing(), pk=pk)


# --- The company's side ------------------------------------------------------------------------


@employer_required
def interview_schedule(request, application_pk: int):
    application = member_application(request.user, application_pk)
    form = InterviewForm(request.POST or None, company_id=application.job.company_id, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_schedule(
                application=application,
                starts_at=form.cleaned_data["starts_at"],
                duration=form.duration,
                time_zone=form.cleaned_data["time_zone"],
                location=form.cleaned_data["location"],
                video_url=form.cleaned_data["video_url"],
                interviewers=list(form.cleaned_data["interviewers"]),
                by=request.user,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The interview is scheduled; the candidate has the invitation."))
            return redirect("employer:application_detail", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "application": application, "interview": None}
    return render(request, "hiring/interview_form.html", context, status=status)


@employer_required
def interview_manage(request, pk: int):
    """An interview as its company sees it, with the form that moves it."""
    interview = _interview_of(request.user, pk)
    application = interview.application
    initial = {
        "starts_at": timezone.make_naive(interview.starts_at, zoneinfo.ZoneInfo(interview.time_zone)),
        "time_zone": interview.time_zone,
        "duration_minutes": int((interview.ends_at - interview.starts_at).total_seconds() // 60),
        "location": interview.location,
        "video_url": interview.video_url,
        "interviewers": [seat.user_id for seat in interview.panel.all()],
    }
    form = InterviewForm(
        request.POST or None, initial=initial, company_id=application.job.company_id, viewer=request.user
    )
    form.fields["interviewers"].disabled = True  # the panel stays; a new panel is a new interview
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_reschedule(
                interview=interview,
                starts_at=form.cleaned_data["starts_at"],
                duration=form.duration,
                time_zone=form.cleaned_data["time_zone"],
                location=form.cleaned_data["location"],
                video_url=form.cleaned_data["video_url"],
                by=request.user,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The interview is moved; the candidate has the new invitation."))
            return redirect("employer:application_detail", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "application": application, "interview": interview}
    return render(request, "hiring/interview_form.html", context, status=status)


@require_POST
@employer_required
def interview_cancel(request, pk: int):
    interview = _interview_of(request.user, pk)
    services.interview_cancel(interview=interview, by=request.user)
    messages.success(request, _("The interview is cancelled; everyone was told."))
    return redirect("employer:application_detail", pk=interview.application_id)


# --- The candidate's side ----------------------------------------------------------------------


@candidate_required
def interview_detail(request, pk: int):
    interview = _interview_of(request.user, pk)
    form = InterviewResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_respond(
                interview=interview,
                response=form.cleaned_data["response"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your answer was sent to the company."))
            return redirect("hiring:interview_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "hiring/interview_detail.html", {"interview": interview, "form": form}, status=status)


def interview_ics(request, pk: int):
    """The invitation as an .ics file, for whoever may see the interview."""
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    interview = _interview_of(request.user, pk)
    job = interview.application.job
    summary = _("Interview: %(job)s at %(company)s") % {"job": job.title, "company": job.company.name}
    ics = interview_calendar(interview, summary=summary, description=request.build_absolute_uri())
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


# --- Scorecards --------------------------------------------------------------------------------


@employer_required
def scorecard_submit(request, pk: int):
    """An interviewer's evaluation of the candidate after the interview."""
    interview = _interview_of(request.user, pk)
    attributes = services.scorecard_attributes_for(job=interview.application.job)
    form = ScorecardForm(request.POST or None, attributes=attributes)
    if request.method == "POST" and form.is_valid():
        try:
            services.scorecard_submit(
                interview=interview,
                by=request.user,
                ratings=form.ratings,
                recommendation=form.cleaned_data["recommendation"],
                notes=form.cleaned_data["notes"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your scorecard is in; the others' are now shown."))
            return redirect("employer:application_detail", pk=interview.application_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "hiring/scorecard_form.html", {"interview": interview, "form": form}, status=status)


@employer_required
def scorecard_attributes(request, job_pk: int):
    """What a job's interviewers rate: the defaults until the company edits them."""
    job = member_job(request.user, job_pk)
    attributes = services.scorecard_attributes_for(job=job)
    form = ScorecardAttributesForm(
        request.POST or None, initial={"names": "\n".join(attribute.name for attribute in attributes)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.scorecard_attributes_set(job=job, names=form.names_list, by=request.user)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The scorecard is saved."))
            return redirect("employer_hiring:scorecard_attributes", job_pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "hiring/scorecard_attributes.html", {"job": job, "form": form}, status=status)


# --- Notes -------------------------------------------------------------------------------------


@require_POST
@employer_required
def note_add(request, application_pk: int):
    application = member_application(request.user, application_pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(application=application, by=request.user, body=form.cleaned_data["body"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The note is saved."))
    else:
        messages.error(request, " ".join(str(error) for error in form.errors.get("body", [])))
    return redirect(reverse("employer:application_detail", args=[application.pk]) + "#notes-heading")


# --- Undoing a bulk move -------------------------------------------------------------------------


@require_POST
@employer_required
def bulk_move_undo(request, pk: int):
    bulk_move = get_object_or_404(BulkMove.objects.filter(moved_by=request.user), pk=pk)
    try:
        result = services.bulk_move_undo(bulk_move=bulk_move, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext("%(count)d application put back.", "%(count)d applications put back.", result.restored)
            % {"count": result.restored},
        )
        for application in result.kept:
            messages.warning(
                request,
                _("%(name)s changed since the move: left as it is.") % {"name": application.candidate_name},
            )
    return redirect("employer:application_list", job_pk=bulk_move.job_id)


# --- Message templates and messages ------------------------------------------------------------


@company_required
def template_list(request):
    templates = MessageTemplate.objects.filter(company=request.membership.company)
    return render(request, "hiring/template_list.html", {"templates": templates})


@company_required
def template_edit(request, pk: int | None = None):
    company = request.membership.company
    template = get_object_or_404(MessageTemplate, company=company, pk=pk) if pk else None
    initial = {"language": request.user.language}
    form = MessageTemplateForm(request.POST or None, instance=template, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_save(company=company, by=request.user, template=template, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The template is saved."))
            return redirect("employer_hiring:template_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "hiring/template_form.html", {"form": form, "template": template}, status=status)


@employer_required
def message_preview(request, application_pk: int):
    """The message a template gives for this application, before sending it (htmx: the fragment)."""
    application = member_application(request.user, application_pk)
    form = SendMessageForm(request.GET or None, company_id=application.job.company_id)
    preview = None
    if form.is_valid():
        subject, body = services.message_render(template=form.cleaned_data["template"], application=application)
        preview = {"subject": subject, "body": body}
    context = {"application": application, "form": form, "preview": preview}
    page = "hiring/_message_preview.html" if request.htmx else "hiring/message_preview.html"
    return render(request, page, context)


@require_POST
@employer_required
def message_send(request, application_pk: int):
    application = member_application(request.user, application_pk)
    form = SendMessageForm(request.POST, company_id=application.job.company_id)
    if form.is_valid():
        services.messages_send(applications=[application], template=form.cleaned_data["template"], by=request.user)
        messages.success(request, _("The message is sent."))
    else:
        messages.error(request, _("Choose one of your company's templates."))
    return redirect(reverse("employer:application_detail", args=[application.pk]) + "#messages-heading")
