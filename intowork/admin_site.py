"""The admin, behind a second factor. Staff can read every CV and change every job: a stolen
password alone must not open it. A staff member without multi-factor sign-in is sent to set it
up; one who has it but signed in this session without it (a session from before, a password
reset) confirms a code first. allauth.mfa does the setting up and the checking; this only
decides when it is required."""

from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def signed_in_with_mfa(request: HttpRequest) -> bool:
    """Whether this session's sign-in included a second factor (allauth records each step)."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def staff_mfa_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where a staff member must go before the admin opens, or None when they may come in."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return None  # the admin's own check refuses them
    if not is_mfa_enabled(user):
        messages.warning(request, _("Set up two-factor authentication to open the administration."))
        return redirect("mfa_index")
    if not signed_in_with_mfa(request):
        # With the authenticator app's code if they have one, else with their security key (each
        # page links to the other ways allauth offers).
        confirm = (
            "mfa_reauthenticate" if is_mfa_enabled(user, [Authenticator.Type.TOTP]) else "mfa_reauthenticate_webauthn"
        )
        return redirect_to_login(request.get_full_path(), reverse(confirm))
    return None


class StaffAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):  # typed by django-stubs' AdminSite
        guarded = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            return staff_mfa_redirect(request) or guarded(request, *args, **kwargs)

        return inner
