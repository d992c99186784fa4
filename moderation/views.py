"""Reporting a job from its page, as a guest or signed in."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import BaseThrottle

from intowork.exceptions import ServiceError, add_service_error
from jobs.models import Job
from moderation import services
from moderation.forms import ReportForm


def client_key(request) -> str:
    """Who reports, for the rate limit: the account, or the visitor's address as the API's
    throttles read it (REMOTE_ADDR, or X-Forwarded-For behind NUM_PROXIES trusted proxies)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{BaseThrottle().get_ident(request)}"


@require_http_methods(["GET", "POST"])
def report_job(request, pk: int, slug: str):
    job = get_object_or_404(Job.objects.visible().select_related("company"), pk=pk)
    if job.slug != slug:
        raise Http404
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report_submit(
                    job=job,
                    reporter=request.user if request.user.is_authenticated else None,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    client_key=client_key(request),
                )
            except ServiceError as error:
                add_service_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Thank you: our team will look at this job."))
                return redirect(job)
        else:
            status = 400
    return render(request, "moderation/report.html", {"job": job, "form": form}, status=status)
