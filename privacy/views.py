from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from intowork.exceptions import ServiceError, add_service_error
from privacy import services
from privacy.forms import AccountDeleteForm


@login_required
# The page opens freely; the deletion asks for the password again (allauth keeps the POST and
# replays it once they have re-authenticated).
@reauthentication_required(allow_get=True)
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete my account: what goes, what stays anonymous, and the confirmation."""
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data are deleted."))
            return redirect("home")
    context = {"form": form, "orphaned": services.companies_left_without_owner(user=request.user)}
    return render(request, "privacy/account_delete.html", context, status=400 if form.errors else 200)
