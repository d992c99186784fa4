"""Companies and their members: creating a company, inviting, joining, changing roles, leaving.

The membership rules: only owners invite, change roles, remove members and revoke or resend
invitations; anyone may leave; a company always keeps an owner (checked here under a lock on
the company, and by a deferred trigger in the database); an invitation works for 7 days from
when it was last sent."""

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from intowork.exceptions import ConflictError, ServiceError
from intowork.slugs import unique_slug
from jobs.models import Company, CompanyInvitation, MemberRole, Membership
from jobs.models.companies import invitation_expiry
from jobs.tasks import send_invitation_email


@transaction.atomic
def company_create(*, owner: User, **fields: Any) -> Company:
    """Create a company and make ``owner`` its first member, with the owner role. Someone who
    already belongs to a company joins another by invitation, not by creating it again."""
    if Membership.objects.filter(user=owner).exists():
        raise ConflictError("already_member", _("You already belong to a company."))
    company = Company(**fields)
    if not company.slug:
        company.slug = unique_slug(Company, company.name)
    company.save()
    Membership.objects.create(user=owner, company=company, role=MemberRole.OWNER)
    return company


@transaction.atomic
def company_update(*, company: Company, by: User, **fields: Any) -> Company:
    """Change the company's page; only its owners may."""
    if not company_is_owner(user=by, company=company):
        raise ServiceError("not_owner", _("Only the company's owners can change it."))
    for name, value in fields.items():
        setattr(company, name, value)
    company.save(update_fields=[*fields, "updated_at"])
    return company


def company_is_member(*, user: User, company: Company) -> bool:
    return Membership.objects.filter(user=user, company=company).exists()


def company_is_owner(*, user: User, company: Company) -> bool:
    return Membership.objects.filter(user=user, company=company, role=MemberRole.OWNER).exists()


@transaction.atomic
def company_invite(*, company: Company, email: str, by: User) -> CompanyInvitation:
    """Invite ``email`` to join the company and email them the link, once committed. Inviting
    the same address again sends the open invitation again (same link)."""
    if not company_is_owner(user=by, company=company):
        raise ServiceError("not_owner", _("Only the company's owners can invite members."))
    email = email.strip()
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise ServiceError(
            "already_member", _("%(email)s is already a member of the company.") % {"email": email}, field="email"
        )
    invitation, created = CompanyInvitation.objects.get_or_create(
        company=company,
        email__iexact=email,
        accepted_at__isnull=True,
        defaults={"email": email, "invited_by": by, "token": secrets.token_urlsafe(32)},
    )
    if not created:
        return invitation_resend(invitation=invitation, by=by)
    _send_invitation(invitation)
    return invitation


def _send_invitation(invitation: CompanyInvitation) -> None:
    # robust: a failure to enqueue is logged; the invitation stands and can be sent again.
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.pk), robust=True)


@transaction.atomic
def invitation_resend(*, invitation: CompanyInvitation, by: User) -> CompanyInvitation:
    """Send an open invitation again, with the same link, valid for 7 days from now."""
    if not company_is_owner(user=by, company=invitation.company):
        raise ServiceError("not_owner", _("Only the company's owners can send invitations."))
    invitation = CompanyInvitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ConflictError("invitation_used", _("This invitation has already been accepted."))
    invitation.expires_at = invitation_expiry()
    invitation.save(update_fields=["expires_at"])
    _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: CompanyInvitation, by: User) -> None:
    """Withdraw an open invitation: its link stops working at once."""
    if not company_is_owner(user=by, company=invitation.company):
        raise ServiceError("not_owner", _("Only the company's owners can revoke invitations."))
    deleted, _rows = CompanyInvitation.objects.open().filter(pk=invitation.pk).delete()
    if not deleted:
        raise ConflictError("invitation_used", _("This invitation has already been accepted."))


def _lock_company_members(company: Company) -> None:
    """Membership changes of one company take turns: two owners removing each other at once
    must not both succeed and leave the company without an owner."""
    Company.objects.select_for_update().filter(pk=company.pk).first()


def _refuse_losing_the_last_owner(membership: Membership) -> None:
    if membership.role == MemberRole.OWNER and not (
        Membership.objects.owners().filter(company_id=membership.company_id).exclude(pk=membership.pk).exists()
    ):
        raise ConflictError(
            "last_owner",
            _("A company needs an owner: make another member an owner first."),
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: User) -> Membership:
    """An owner makes a member an owner or a recruiter (their own role included, unless they
    are the last owner)."""
    if role not in MemberRole.values:
        raise ServiceError("invalid_role", _("Choose owner or recruiter."), field="role")
    _lock_company_members(membership.company)
    if not company_is_owner(user=by, company=membership.company):
        raise ServiceError("not_owner", _("Only the company's owners can change roles."))
    membership = Membership.objects.select_related("user", "company").get(pk=membership.pk)
    if membership.role == role:
        return membership
    if role != MemberRole.OWNER:
        _refuse_losing_the_last_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """An owner removes a member, or a member leaves. Their access ends with this transaction:
    every page, endpoint and CV download reads the membership on each request."""
    _lock_company_members(membership.company)
    if membership.user_id != by.pk and not company_is_owner(user=by, company=membership.company):
        raise ServiceError("not_owner", _("Only the company's owners can remove members."))
    current = Membership.objects.filter(pk=membership.pk).first()
    if current is None:
        return  # removed meanwhile: the result is the one asked for
    _refuse_losing_the_last_owner(current)
    current.delete()


@transaction.atomic
def invitation_accept(*, invitation: CompanyInvitation, user: User) -> Membership:
    """Join the invitation's company as a recruiter; only the invited address may, once."""
    # Locked: two clicks on the link accept it once.
    invitation = CompanyInvitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ConflictError("invitation_used", _("This invitation has already been used."))
    if invitation.is_expired:
        raise ConflictError(
            "invitation_expired", _("This invitation has expired. Ask the company's owner to send it again.")
        )
    if invitation.email.lower() != user.email.lower():
        raise ServiceError("invitation_other_email", _("This invitation was sent to another email address."))
    membership, _created = Membership.objects.get_or_create(
        user=user, company=invitation.company, defaults={"role": MemberRole.RECRUITER}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership
