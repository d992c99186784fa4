"""The signed-in user's pages: the dashboard of their role, their notifications and which of
them are emailed; the one-click unsubscribe of a notification email; and the language
switcher, which remembers a signed-in user's choice."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import NotificationSettingsForm
from accounts.models import Notification, NotificationType, Role, User
from accounts.tokens import unsubscribe_token_read
from candidates.services import profile_for_user
from jobs import dashboards
from jobs.models import ApplicationStatus, ApplicationStatusChange
from jobs.recommendations import recommended_jobs

NOTIFICATIONS_PER_PAGE = 20
RECENT_ACTIVITY = 8


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
    activity = (
        ApplicationStatusChange.objects.filter(application__candidate=candidate)
        .select_related("application__job__company")
        .order_by("-created_at", "-id")[:RECENT_ACTIVITY]
    )
    context = {
        "candidate": candidate,
        "figures": figures,
        "by_status": [
            (value, label, figures["applications_by_status"][value]) for value, label in ApplicationStatus.choices
        ],
        "activity": activity,
        "recommended": recommended_jobs(candidate=candidate),
    }
    return render(request, "accounts/dashboard.html", context)


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
