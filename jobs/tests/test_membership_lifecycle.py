"""Issue 12, point 9: owners remove members, change roles, revoke and resend invitations;
invitations expire after 7 days; a company always keeps an owner (the services under a lock on
the company, and a deferred trigger in the database)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from candidates.tests.factories import CandidateProfileFactory, CVFactory
from intowork.exceptions import ConflictError, ServiceError
from jobs import services
from jobs.models import CompanyInvitation, MemberRole, Membership
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def invitation_of(employer, email="friend@example.com", **fields):
    invitation = CompanyInvitation.objects.create(company=employer.company, email=email, token=email, **fields)
    return invitation


def expire(invitation):
    """Sent eight days ago (created_at is set on insert, so it is moved afterwards)."""
    now = timezone.now()
    CompanyInvitation.objects.filter(pk=invitation.pk).update(
        created_at=now - timedelta(days=8), expires_at=now - timedelta(days=1)
    )
    invitation.refresh_from_db()
    return invitation


# --- The services -----------------------------------------------------------------------------


def test_an_owner_removes_a_recruiter(employer, recruiter):
    services.membership_remove(membership=recruiter, by=employer.user)
    assert list(Membership.objects.values_list("user", flat=True)) == [employer.user_id]


def test_a_recruiter_cannot_remove_anyone_but_may_leave(employer, recruiter):
    colleague = MembershipFactory(company=employer.company, role=MemberRole.RECRUITER)
    for member in (employer, colleague):
        with pytest.raises(ServiceError) as refused:
            services.membership_remove(membership=member, by=recruiter.user)
        assert refused.value.code == "not_owner"
    assert Membership.objects.count() == 3
    services.membership_remove(membership=recruiter, by=recruiter.user)
    assert not Membership.objects.filter(pk=recruiter.pk).exists()


def test_the_last_owner_can_neither_leave_nor_be_demoted(employer, recruiter):
    with pytest.raises(ConflictError) as refused:
        services.membership_remove(membership=employer, by=employer.user)
    assert refused.value.code == "last_owner"
    with pytest.raises(ConflictError):
        services.membership_change_role(membership=employer, role=MemberRole.RECRUITER, by=employer.user)
    employer.refresh_from_db()
    assert employer.role == MemberRole.OWNER


def test_ownership_is_handed_over_then_the_old_owner_leaves(employer, recruiter):
    services.membership_change_role(membership=recruiter, role=MemberRole.OWNER, by=employer.user)
    services.membership_change_role(membership=employer, role=MemberRole.RECRUITER, by=employer.user)
    assert Membership.objects.get(pk=recruiter.pk).role == MemberRole.OWNER
    # Now a recruiter, the old owner may no longer change roles, but may leave.
    with pytest.raises(ServiceError):
        services.membership_change_role(membership=recruiter, role=MemberRole.RECRUITER, by=employer.user)
    services.membership_remove(membership=employer, by=employer.user)
    assert list(Membership.objects.values_list("role", flat=True)) == [MemberRole.OWNER]


def test_a_role_must_be_one_of_the_roles(employer, recruiter):
    with pytest.raises(ServiceError) as refused:
        services.membership_change_role(membership=recruiter, role="admin", by=employer.user)
    assert (refused.value.code, refused.value.field) == ("invalid_role", "role")


def test_one_of_two_owners_may_leave(employer):
    other_owner = MembershipFactory(company=employer.company, role=MemberRole.OWNER)
    services.membership_remove(membership=employer, by=employer.user)
    with pytest.raises(ConflictError):
        services.membership_remove(membership=other_owner, by=other_owner.user)


@pytest.mark.django_db(transaction=True)
def test_two_owners_leaving_at_once_leave_one_owner():
    """Each leaving alone is allowed; together they would leave no owner. The lock on the
    company makes the second wait and then see that it is the last owner."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    first = MembershipFactory()
    second = MembershipFactory(company=first.company, role=MemberRole.OWNER)
    barrier = Barrier(2)

    def remove(membership, by):
        try:
            barrier.wait()
            services.membership_remove(membership=membership, by=by)
            return "removed"
        except ConflictError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(remove, [first, second], [first.user, second.user]))
    assert results == ["last_owner", "removed"]
    assert Membership.objects.filter(company=first.company, role=MemberRole.OWNER).count() == 1


def check_deferred_constraints_now():
    """What COMMIT would check (the test's transaction never commits): a deferred constraint set
    IMMEDIATE is checked at once for the writes made so far."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS jobs_employer_company_has_owner_trg IMMEDIATE")
        cursor.execute("SET CONSTRAINTS jobs_employer_company_has_owner_trg DEFERRED")


@pytest.mark.parametrize("write", ["delete", "demote"])
def test_the_database_refuses_a_company_without_an_owner(employer, recruiter, write):
    """Whatever writes the row (the admin, psql), at commit."""
    owner = Membership.objects.filter(pk=employer.pk)
    with pytest.raises(IntegrityError, match="would have no owner"), transaction.atomic():
        owner.delete() if write == "delete" else owner.update(role=MemberRole.RECRUITER)
        check_deferred_constraints_now()
    assert Membership.objects.get(pk=employer.pk).role == MemberRole.OWNER


def test_the_database_allows_handing_ownership_over_and_deleting_the_company(employer, recruiter):
    # Demoting first is fine: the rule is judged on the transaction's result.
    Membership.objects.filter(pk=employer.pk).update(role=MemberRole.RECRUITER)
    Membership.objects.filter(pk=recruiter.pk).update(role=MemberRole.OWNER)
    check_deferred_constraints_now()
    employer.company.delete()  # its members go with it
    check_deferred_constraints_now()
    assert not Membership.objects.exists()


def test_the_database_allows_deleting_an_owners_account(employer):
    """Deleting an account (its memberships go with it) is not a member leaving: allowed."""
    employer.user.delete()
    check_deferred_constraints_now()
    assert not Membership.objects.exists()


def test_an_owner_revokes_an_invitation(employer, recruiter):
    invitation = invitation_of(employer)
    with pytest.raises(ServiceError):
        services.invitation_revoke(invitation=invitation, by=recruiter.user)
    services.invitation_revoke(invitation=invitation, by=employer.user)
    assert not CompanyInvitation.objects.exists()


def test_an_accepted_invitation_cannot_be_revoked_or_resent(employer):
    invitation = invitation_of(employer, accepted_at=timezone.now())
    with pytest.raises(ConflictError):
        services.invitation_revoke(invitation=invitation, by=employer.user)
    with pytest.raises(ConflictError):
        services.invitation_resend(invitation=invitation, by=employer.user)
    assert CompanyInvitation.objects.count() == 1


def test_an_invitation_expires_after_seven_days_and_resending_renews_it(
    employer, newcomer, django_capture_on_commit_callbacks
):
    invitation = invitation_of(employer, email=newcomer.email)
    assert invitation.expires_at - invitation.created_at == pytest.approx(timedelta(days=7), abs=timedelta(seconds=5))
    expire(invitation)
    assert list(CompanyInvitation.objects.open_for(newcomer)) == []
    with pytest.raises(ConflictError) as refused:
        services.invitation_accept(invitation=invitation, user=newcomer)
    assert refused.value.code == "invitation_expired"
    assert not Membership.objects.filter(user=newcomer).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation, by=employer.user)
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert invitation.token == newcomer.email  # the same link
    assert mail.outbox[-1].to == [newcomer.email]
    services.invitation_accept(invitation=invitation, user=newcomer)
    assert Membership.objects.filter(user=newcomer, company=employer.company).exists()


def test_inviting_an_expired_address_again_renews_the_invitation(employer):
    invitation = expire(invitation_of(employer))
    services.company_invite(company=employer.company, email="FRIEND@example.com", by=employer.user)
    invitation.refresh_from_db()
    assert not invitation.is_expired and CompanyInvitation.objects.count() == 1


def test_an_invitation_cannot_expire_before_it_is_sent(employer):
    invitation = invitation_of(employer)
    with pytest.raises(IntegrityError, match="jobs_invitation_expires_after_created_check"):
        CompanyInvitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.created_at)


# --- The pages --------------------------------------------------------------------------------


def test_the_owner_removes_a_recruiter_who_loses_every_page_at_once(client, employer, recruiter):
    candidate = CandidateProfileFactory()
    cv = CVFactory(candidate=candidate)
    application = ApplicationFactory(job=JobFactory(company=employer.company), candidate=candidate, cv=cv)
    client.force_login(recruiter.user)
    assert client.get(reverse("employer:application_cv", args=[application.pk])).status_code == 200

    owner = client.__class__()
    owner.force_login(employer.user)
    url = reverse("employer:member_remove", args=[recruiter.pk])
    page = owner.get(url)
    assert page.status_code == 200 and "They lose access at once" in page.text
    response = owner.post(url)
    assert response.status_code == 302 and response.url == reverse("employer:company")
    assert not Membership.objects.filter(pk=recruiter.pk).exists()

    # The recruiter's own session, still signed in, opens nothing of the company any more.
    for path in [
        reverse("employer:application_cv", args=[application.pk]),
        reverse("employer:application_detail", args=[application.pk]),
        reverse("employer:application_list", args=[application.job_id]),
    ]:
        assert client.get(path).status_code == 404, path
    assert "Create your company" in client.get(reverse("employer:company")).text


def test_a_recruiter_gets_no_remove_or_role_buttons_and_is_refused(client, employer, recruiter):
    client.force_login(recruiter.user)
    page = client.get(reverse("employer:company"))
    assert reverse("employer:member_remove", args=[employer.pk]) not in page.text
    assert reverse("employer:member_remove", args=[recruiter.pk]) in page.text  # "Leave"
    assert client.get(reverse("employer:member_remove", args=[employer.pk])).status_code == 403
    assert client.post(reverse("employer:member_role", args=[recruiter.pk]), {"role": "owner"}).status_code == 302
    assert Membership.objects.get(pk=recruiter.pk).role == MemberRole.RECRUITER  # refused, with a message


def test_the_last_owner_is_told_why_they_cannot_leave(owner_client, employer):
    response = owner_client.post(reverse("employer:member_remove", args=[employer.pk]))
    assert response.status_code == 409
    assert "A company needs an owner: make another member an owner first." in response.text
    assert Membership.objects.filter(pk=employer.pk).exists()


def test_a_recruiter_leaves_the_company(client, recruiter):
    client.force_login(recruiter.user)
    url = reverse("employer:member_remove", args=[recruiter.pk])
    assert "Leave" in client.get(url).text
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("employer:home")
    assert not Membership.objects.filter(pk=recruiter.pk).exists()


def test_the_owner_changes_a_role_from_the_company_page(owner_client, recruiter):
    response = owner_client.post(reverse("employer:member_role", args=[recruiter.pk]), {"role": "owner"}, follow=True)
    assert Membership.objects.get(pk=recruiter.pk).role == MemberRole.OWNER
    assert f"Role of {recruiter.user.display_name}: Owner." in response.text


def test_another_companys_member_is_a_404(owner_client):
    stranger = MembershipFactory(role=MemberRole.RECRUITER)
    assert owner_client.get(reverse("employer:member_remove", args=[stranger.pk])).status_code == 404
    assert owner_client.post(reverse("employer:member_role", args=[stranger.pk]), {"role": "owner"}).status_code == 404
    assert Membership.objects.get(pk=stranger.pk).role == MemberRole.RECRUITER


def test_the_owner_resends_and_revokes_invitations_from_the_company_page(
    owner_client, employer, django_capture_on_commit_callbacks
):
    expired = expire(invitation_of(employer, email="late@example.com"))
    waiting = invitation_of(employer, email="soon@example.com")
    page = owner_client.get(reverse("employer:company"))
    assert "Expired" in page.text and "Expires" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("employer:invitation_resend", args=[expired.pk]))
    assert response.status_code == 302 and mail.outbox[-1].to == ["late@example.com"]
    expired.refresh_from_db()
    assert not expired.is_expired

    owner_client.post(reverse("employer:invitation_revoke", args=[waiting.pk]))
    assert list(CompanyInvitation.objects.values_list("email", flat=True)) == ["late@example.com"]
    # Its link is dead at once.
    assert owner_client.get(reverse("employer:invitation_accept", args=[waiting.token])).status_code == 404


def test_a_recruiter_cannot_resend_or_revoke(client, employer, recruiter):
    invitation = invitation_of(employer)
    client.force_login(recruiter.user)
    assert client.post(reverse("employer:invitation_revoke", args=[invitation.pk])).status_code == 403
    assert client.post(reverse("employer:invitation_resend", args=[invitation.pk])).status_code == 403
    assert CompanyInvitation.objects.filter(pk=invitation.pk).exists() and mail.outbox == []


def test_an_expired_link_says_so(client, employer, newcomer):
    invitation = expire(invitation_of(employer, email=newcomer.email))
    client.force_login(newcomer)
    url = reverse("employer:invitation_accept", args=[invitation.token])
    assert "This invitation has expired." in client.get(url).text
    response = client.post(url)
    assert response.status_code == 409 and not Membership.objects.filter(user=newcomer).exists()
