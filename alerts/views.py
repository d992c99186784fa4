"""Alerts' pages: saving the search on /jobs/ (members and guests), a member's alerts, the
guest's confirmation link, and the one-click unsubscribe of a digest (no login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alerts import services
from alerts.forms import AlertCreateForm, AlertEditForm
from alerts.models import Alert
from alerts.tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, alert_token_read
from intowork.exceptions import ServiceError, add_service_error
from jobs.filters import search_params


@require_http_methods(["GET", "HEAD", "POST"])
def alert_create(request):
    """ "Email me new jobs" from the results: the search travels as the page's own parameters
    (GET shows it with the form, hidden fields carry it to the POST). A separate page, since
    the results are cached for every visitor and cannot hold anyone's CSRF token."""
    guest = not request.user.is_authenticated
    search = search_params(request.POST if request.method == "POST" else request.GET)
    form = AlertCreateForm(request.POST if request.method == "POST" else None, guest=guest)
    if form.is_valid():
        try:
            alert = services.alert_create(
                params=search,
                user=None if guest else request.user,
                email=form.cleaned_data.get("email", ""),
                frequency=form.cleaned_data["frequency"],
                language=get_language(),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if guest:
                return render(request, "alerts/check_inbox.html", {"email": alert.email, "search": search})
            messages.success(request, _("Your alert “%(name)s” is saved.") % {"name": alert.name})
            return redirect("alerts:alert_list")
    context = {
        "form": form,
        "search": search,
        "search_name": services.alert_default_name({name: search.get(name, "") for name in search}),
        "search_fields": [(name, search.get(name)) for name in search],
    }
    return render(request, "alerts/alert_create.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD"])
def alert_list(request):
    """A member's alerts, each with its own form. No pagination: an address has at most
    ALERTS_PER_ADDRESS (20) alerts."""
    alerts = Alert.objects.owned_by(request.user).for_listing()
    rows = [(alert, AlertEditForm(instance=alert, prefix=f"alert-{alert.pk}")) for alert in alerts]
    return render(request, "alerts/alert_list.html", {"rows": rows})


@login_required
@require_POST
def alert_edit(request, pk: int):
    alert = get_object_or_404(Alert.objects.owned_by(request.user), pk=pk)
    form = AlertEditForm(request.POST, instance=alert, prefix=f"alert-{alert.pk}")
    if form.is_valid():
        try:
            services.alert_update(alert=alert, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your alert is saved."))
    else:
        messages.error(request, _("The alert was not saved: check its name and frequency."))
    return redirect("alerts:alert_list")


@login_required
@require_POST
def alert_delete(request, pk: int):
    alert = get_object_or_404(Alert.objects.owned_by(request.user), pk=pk)
    services.alert_delete(alert=alert)
    messages.success(request, _("The alert is deleted."))
    return redirect("alerts:alert_list")


@require_http_methods(["GET", "HEAD", "POST"])
def alert_confirm(request, token: str):
    """The guest's emailed link. GET asks (mail scanners open links: they must confirm
    nothing); the button POSTs."""
    alert = Alert.objects.filter(pk=alert_token_read(token, salt=CONFIRM_SALT) or 0).first()
    if alert is None:
        return render(request, "alerts/link_invalid.html", status=400)
    if request.method == "POST":
        alert = services.alert_confirm(alert=alert)
        return render(request, "alerts/confirm.html", {"alert": alert, "done": True, "token": token})
    return render(request, "alerts/confirm.html", {"alert": alert, "done": False, "token": token})


# The digest's link: the signed token, not a session, authorises the change. Mail clients POST
# to it without cookies or a CSRF token (RFC 8058 one-click unsubscribe).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def alert_unsubscribe(request, token: str):
    """GET asks; POST pauses the alert (``action=resume`` resumes it, ``action=delete`` deletes it)."""
    alert = Alert.objects.filter(pk=alert_token_read(token, salt=UNSUBSCRIBE_SALT) or 0).first()
    if alert is None:
        return render(request, "alerts/link_invalid.html", status=400)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and action == "delete":
        services.alert_delete(alert=alert)
        return render(request, "alerts/unsubscribe.html", {"deleted": True, "token": token})
    if request.method == "POST":
        if action == "resume":
            alert = services.alert_update(alert=alert, is_paused=False)
        else:
            alert = services.alert_unsubscribe(alert=alert)
    return render(
        request, "alerts/unsubscribe.html", {"alert": alert, "done": request.method == "POST", "token": token}
    )
