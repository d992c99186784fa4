"""The employer's company on the site: creating it (or joining one by invitation), its page,
its members and invitations. Who may change what is decided in ``jobs.services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import employer_required
from intowork.exceptions import ServiceError, add_service_error
from jobs import services
from jobs.forms import CompanyForm, InvitationForm
from jobs.models import CompanyInvitation, MemberRole, Membership
from jobs.views.membership import company_required


def _owner_membership(request) -> Membership:
    if request.membership.role != MemberRole.OWNER:
        raise PermissionDenied(_("Only the company's owners can do this."))
    return request.membership


# --- The company ----------------------------------------------------------------------------


@employer_required
@require_http_methods(["GET", "POST"])
def company_create(request):
    if Membership.objects.filter(user=request.user).exists():  # one joins another company by invitation
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
        "roles": MemberRole.choices,
        "form": form,
    }
    return render(request, "jobs/employer/company.html", context, status=400 if form.errors else 200)


# --- Members and invitations (the rules: jobs.services.companies) -------------------------------


@company_required
@require_http_methods(["POST"])
def member_role(request, pk: int):
    member = get_object_or_404(request.membership.company.memberships.select_related("user"), pk=pk)
    try:
        member = services.membership_change_role(membership=member, role=request.POST.get("role", ""), by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Role of %(name)s: %(role)s.") % {"name": member.user.display_name, "role": member.get_role_display()},
        )
    return redirect("employer:company")


@company_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk: int):
    """Remove a member (owners), or leave the company (anyone, their own membership): asked
    on a page of its own, done by its button."""
    member = get_object_or_404(request.membership.company.memberships.select_related("user", "company"), pk=pk)
    leaving = member.user_id == request.user.pk
    if not leaving:
        _owner_membership(request)
    context = {"member": member, "leaving": leaving}
    if request.method == "POST":
        try:
            services.membership_remove(membership=member, by=request.user)
        except ServiceError as error:
            return render(request, "jobs/employer/member_remove.html", {**context, "error": error.message}, status=409)
        if leaving:
            messages.success(request, _("You have left %(company)s.") % {"company": member.company.name})
            return redirect("employer:home")
        messages.success(request, _("%(name)s is removed from the company.") % {"name": member.user.display_name})
        return redirect("employer:company")
    return render(request, "jobs/employer/member_remove.html", context)


def _company_invitation(request, pk: int) -> CompanyInvitation:
    _owner_membership(request)
    return get_object_or_404(request.membership.company.invitations.open(), pk=pk)


@company_required
@require_http_methods(["POST"])
def invitation_resend(request, pk: int):
    invitation = _company_invitation(request, pk)
    try:
        services.invitation_resend(invitation=invitation, by=request.user)
    except ServiceError as error:  # accepted meanwhile
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation is sent to %(email)s.") % {"email": invitation.email})
    return redirect("employer:company")


@company_required
@require_http_methods(["POST"])
def invitation_revoke(request, pk: int):
    invitation = _company_invitation(request, pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ServiceError as error:  # accepted meanwhile
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email})
    return redirect("employer:company")


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
