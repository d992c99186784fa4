from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from intowork.exceptions import ServiceError, add_service_error
from privacy import services
from privacy.forms import AccountDeleteForm
from privacy.middleware import ACCEPTED_SESSION_KEY
from privacy.models import DataExport, ExportStatus, PolicyDocument, PolicyKind


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


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    """Download my data: ask for an export, and download the ones still valid."""
    if request.method == "POST":
        services.data_export_request(user=request.user)
        messages.success(request, _("We are preparing your data: we will email you when it is ready to download."))
        return redirect("privacy:data_export")
    exports = DataExport.objects.listed_for(request.user)
    return render(request, "privacy/data_export.html", {"exports": exports})


@login_required
@require_GET
def data_export_download(request, pk: int):
    """The ZIP, for its owner only and until it expires (someone else's is a 404, like a missing one)."""
    export = get_object_or_404(
        DataExport, pk=pk, user=request.user, status=ExportStatus.READY, expires_at__gt=timezone.now()
    )
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=f"intowork-data-{export.requested_at:%Y-%m-%d}.zip")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def policy(request, kind: str):
    """The privacy policy or the terms, as in force now (public)."""
    document = PolicyDocument.objects.filter(pk__in=services.policies_current(), kind=PolicyKind(kind)).first()
    if document is None:
        raise Http404
    return render(request, "privacy/policy.html", {"document": document})


@login_required
@require_http_methods(["GET", "POST"])
def policies_accept(request):
    """The versions in force that the user has not accepted yet: read them, accept, go on."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    current = services.policies_current()
    pending = services.policies_unaccepted(user=request.user, document_ids=current)
    if request.method == "POST":
        services.policies_accept(user=request.user, document_ids=pending)
        request.session[ACCEPTED_SESSION_KEY] = current
        return redirect(next_url or "accounts:dashboard")
    if not pending:
        return redirect(next_url or "accounts:dashboard")
    documents = PolicyDocument.objects.filter(pk__in=pending).order_by("kind")
    return render(request, "privacy/policies_accept.html", {"documents": documents, "next": next_url})
