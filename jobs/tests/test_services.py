"""Company and invitation services (jobs/services.py); jobs' own rules are tested through
their pages (test_employer_job_views.py) and the API (api/test_employer.py)."""

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from accounts.models import Role
from accounts.tests.factories import UserFactory
from intowork.exceptions import ConflictError, ServiceError
from jobs import services
from jobs.models import Company, CompanyInvitation, MemberRole, Membership
from jobs.tasks import send_invitation_email
from jobs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_company_create_makes_the_owner_once():
    user = UserFactory(role=Role.EMPLOYER)
    company = services.company_create(owner=user, name="Acme & Co")
    assert company.slug == "acme-co"
    assert Membership.objects.get(user=user).role == MemberRole.OWNER
    with pytest.raises(ConflictError) as refused:
        services.company_create(owner=user, name="Second")
    assert refused.value.code == "already_member"
    assert not Company.objects.filter(name="Second").exists()


def test_only_owners_invite(employer):
    recruiter = MembershipFactory(company=employer.company, role=MemberRole.RECRUITER)
    with pytest.raises(ServiceError) as refused:
        services.company_invite(company=employer.company, email="x@example.com", by=recruiter.user)
    assert refused.value.code == "not_owner"
    assert not CompanyInvitation.objects.exists()


def test_an_invitation_is_emailed_only_once_committed(employer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = services.company_invite(company=employer.company, email="ann@example.com", by=employer.user)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["ann@example.com"]]
    assert invitation.token in mail.outbox[0].body


def test_a_failed_invitation_email_is_retried(employer, monkeypatch):
    invitation = CompanyInvitation.objects.create(company=employer.company, email="ann@example.com", token="t")
    real_send, calls = EmailMultiAlternatives.send, []

    def send_once_failing(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send_once_failing)
    send_invitation_email.call(invitation_id=invitation.pk)
    assert len(calls) == 2 and len(mail.outbox) == 1


def test_an_accepted_invitation_is_not_emailed_again(employer):
    invitation = CompanyInvitation.objects.create(company=employer.company, email="ann@example.com", token="t")
    services.invitation_accept(invitation=invitation, user=UserFactory(role=Role.EMPLOYER, email="ann@example.com"))
    assert send_invitation_email.call(invitation_id=invitation.pk) is False
    assert mail.outbox == []


def test_accepting_matches_the_address_ignoring_case_and_works_once(employer):
    invitation = CompanyInvitation.objects.create(company=employer.company, email="Ann@Example.com", token="t")
    ann = UserFactory(role=Role.EMPLOYER, email="ann@example.com")
    with pytest.raises(ServiceError) as refused:
        services.invitation_accept(invitation=invitation, user=UserFactory(role=Role.EMPLOYER))
    assert refused.value.code == "invitation_other_email"
    membership = services.invitation_accept(invitation=invitation, user=ann)
    assert (membership.company, membership.role) == (employer.company, MemberRole.RECRUITER)
    with pytest.raises(ConflictError) as used:
        services.invitation_accept(invitation=invitation, user=ann)
    assert used.value.code == "invitation_used"
