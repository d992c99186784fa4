"""Companies and their members: creating a company, inviting, joining."""

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from intowork.exceptions import ConflictError, ServiceError
from intowork.slugs import unique_slug
from jobs.models import Company, CompanyInvitation, MemberRole, Membership
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
    invitation, _created = CompanyInvitation.objects.get_or_create(
        company=company,
        email__iexact=email,
        accepted_at__isnull=True,
        defaults={"email": email, "invited_by": by, "token": secrets.token_urlsafe(32)},
    )
    # robust: a failure to enqueue is logged; the invitation stands and can be sent again.
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.pk), robust=True)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: CompanyInvitation, user: User) -> Membership:
    """Join the invitation's company as a recruiter; only the invited address may, once."""
    # Locked: two clicks on the link accept it once.
    invitation = CompanyInvitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ConflictError("invitation_used", _("This invitation has already been used."))
    if invitation.email.lower() != user.email.lower():
        raise ServiceError("invitation_other_email", _("This invitation was sent to another email address."))
    membership, _created = Membership.objects.get_or_create(
        user=user, company=invitation.company, defaults={"role": MemberRole.RECRUITER}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership
