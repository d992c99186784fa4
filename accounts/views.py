"""The signed-in user's pages: the dashboard of their role, their notifications and which of
them are emailed; the one-click unsubscribe of a notification email; and the language
switcher, which remembers a signed-in user's choice."""

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import NotificationSettingsForm, PreferencesForm, VerificationResendForm
from accounts.models import Notification, NotificationType, Role, User
from accounts.tokens import unsubscribe_token_read
from alerts.models import Alert
from candidates.services import profile_for_user
from hiring.models import Interview
from intowork.exceptions import ServiceError, add_service_error
from intowork.time_zones import TIME_ZONE_COOKIE
from jobs import dashboards
from jobs.models import ApplicationStatus, ApplicationStatusChange
from jobs.recommendations import recommended_jobs

NOTIFICATIONS_PER_PAGE = 20
RECENT_ACTIVITY = 8
DASHBOARD_ALERTS = 5
# How many of the next interviews the dashboard lists.
UPCOMING_INTERVIEWS = 5


@login_required
@require_http_methods(["GET", "HEAD"])
def dashboard(request):
    """Each role's home: candidates here, employers on /employer/, staff in the admin."""
    user = request.user
    if user.is_staff:
        return redirect("admin:index")
    if user.role == Role.EMPLOYER:
        return redirect("/employer/")
    candidate = profile_for_user(user=user)
    figures = dashboards.candidate_dashboard(user=user)
    alerts = list(Alert.objects.owned_by(user).for_listing()[:DASHBOARD_ALERTS])
    activity = (
        ApplicationStatusChange.objects.filter(application__candidate=candidate)
        .select_related("application__job__company")
        .order_by("-created_at", "-id")[:RECENT_ACTIVITY]
    )
    context = {
        "candidate": candidate,
        "figures": figures,
        "onboarding": _candidate_onboarding(candidate, figures, alerts) if not figures["applications"] else None,
        "alerts": alerts,
        "by_status": [
            (value, label, figures["applications_by_status"][value]) for value, label in ApplicationStatus.choices
        ],
        "activity": activity,
        "recommended": recommended_jobs(candidate=candidate),
        "interviews": Interview.objects.visible_to(user).upcoming().for_listing()[:UPCOMING_INTERVIEWS],
    }
    return render(request, "accounts/dashboard.html", context)


def _candidate_onboarding(candidate, figures, alerts) -> list[dict]:
    """A new candidate's first steps, each done or not: a profile that recommendations can
    use, a CV, a first job found, a first alert."""
    jobs_url = reverse("jobs:job_list")
    return [
        {
            "done": bool(candidate.headline) and candidate.skills.exists(),
            "title": _("Complete your profile"),
            "text": _("A headline and your skills: we recommend jobs from them, and employers read them."),
            "url": reverse("candidates:profile"),
            "action": _("Complete my profile"),
        },
        {
            "done": candidate.cvs.exists(),
            "title": _("Upload your CV"),
            "text": _("PDF or Word. It stays private until you send it with an application."),
            "url": reverse("candidates:cv_list"),
            "action": _("Upload a CV"),
        },
        {
            "done": figures["saved_jobs"] > 0,
            "title": _("Find a job you like"),
            "text": _("Search by title, skill or company, and save the jobs you like for later."),
            "url": jobs_url,
            "action": _("Search jobs"),
        },
        {
            "done": bool(alerts),
            "title": _("Get new jobs by email"),
            "text": _("Run the search you would like to follow, then choose “Email me new jobs”."),
            "url": reverse("alerts:alert_list") if alerts else jobs_url,
            "action": _("My alerts") if alerts else _("Start a search"),
        },
    ]


def _notifications_page(request):
    notifications = Notification.objects.for_user(request.user).for_listing()
    return Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list(request):
    return render(request, "accounts/notification_list.html", {"page_obj": _notifications_page(request)})


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    if request.htmx:
        return render(request, "accounts/_notification_read.html", {"notification": notification})
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("accounts:notification_list")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if request.htmx:
        return render(request, "accounts/_notification_list.html", {"page_obj": _notifications_page(request)})
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("accounts:notification_list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """Which kinds of notification are emailed; all of them stay in the app."""
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.notification_emails_set(user=request.user, emails=form.emails())
        messages.success(request, _("Your email settings are saved."))
        return redirect("accounts:notification_settings")
    return render(request, "accounts/notification_settings.html", {"form": form})


# The link of a notification email: its token says who and which kind, and is the permission.
# Mail clients POST to it without cookies or a CSRF token (RFC 8058 one-click unsubscribe), and
# a page opened from the email POSTs the same way: the signed token, not a session, authorises
# the change, so a cross-site request cannot forge it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET asks (link checkers and previews open links: they must change nothing); POST turns the
    kind's emails off, or back on with ``action=resubscribe``."""
    found = unsubscribe_token_read(token)
    user = User.objects.filter(pk=found[0]).first() if found else None
    if user is None or found is None or found[1] not in NotificationType.values:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=400)
    kind = NotificationType(found[1])
    done = False
    if request.method == "POST":
        resubscribe = request.POST.get("action") == "resubscribe"
        services.notification_emails_set(user=user, emails={kind.value: resubscribe})
        done = True
    context = {"kind": kind, "emailed": user.wants_email(kind), "done": done, "token": token}
    return render(request, "accounts/unsubscribe.html", context)


@require_POST
def set_language(request):
    """Django's switcher (cookie and redirect); a signed-in user's notifications and emails
    follow the choice too."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.account_update(user=request.user, language=language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The language and time zone of the user's pages, notifications and emails."""
    user = request.user
    form = PreferencesForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_update(user=user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your preferences are saved."))
            response = redirect("accounts:preferences")
            if not user.time_zone:  # back to the browser's zone: the page's script sets it again
                response.delete_cookie(TIME_ZONE_COOKIE, samesite="Lax")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            return response
    return render(request, "accounts/preferences.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def time_zone_detected(request):
    """The page's script reports the browser's zone for a user who has not saved one
    (static/js/time-zone.js); a zone they chose is kept. 204 either way."""
    services.time_zone_detected(user=request.user, time_zone=request.POST.get("time_zone", ""))
    return HttpResponse(status=204)


@require_POST
def verification_resend(request):
    """ "Send the link again" on the verify-your-email page. Answers the same whatever the
    address (no one learns who has an account), and sends at most one link per address per
    allauth's cooldown (its "confirm_email" rate limit)."""
    form = VerificationResendForm(request.POST)
    email = form.cleaned_data["email"] if form.is_valid() else ""
    typed = request.POST.get("email", "").replace("\x00", "").strip()  # said back as typed
    if email and ratelimit.consume(request, action="confirm_email", key=email.lower()):
        address = EmailAddress.objects.filter(email__iexact=email, verified=False).select_related("user").first()
        if address is not None:
            address.send_confirmation(request)
    messages.info(
        request,
        _("If %(email)s awaits verification, a new link is on its way: it may take a few minutes.") % {"email": typed},
    )
    return redirect("account_email_verification_sent")
