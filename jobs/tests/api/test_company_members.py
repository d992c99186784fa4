"""The membership lifecycle in the API (employer/company/members/, employer/company/invitations/):
the same services as the pages, in the API's error shape; who may call what is in
intowork/tests/test_api_permissions.py."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from jobs.models import CompanyInvitation, MemberRole, Membership
from jobs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

MEMBERS = "/api/v1/employer/company/members/"
INVITATIONS = "/api/v1/employer/company/invitations/"


@pytest.fixture
def api(client, employer):
    client.force_login(employer.user)
    return client


def test_members_list_in_fixed_queries(api, employer, django_assert_max_num_queries):
    MembershipFactory.create_batch(3, company=employer.company, role=MemberRole.RECRUITER)
    MembershipFactory()  # another company's
    with django_assert_max_num_queries(4):  # session, user, membership, members
        response = api.get(MEMBERS)
    results = response.json()["results"]
    assert len(results) == 4
    assert results[0] == {
        "id": employer.pk,
        "email": employer.user.email,
        "name": employer.user.display_name,
        "role": "owner",
        "job_title": employer.job_title,
        "created_at": results[0]["created_at"],
        "is_you": True,
    }


def test_invitations_list_in_fixed_queries_and_never_show_the_token(api, employer, django_assert_max_num_queries):
    for n in range(3):
        CompanyInvitation.objects.create(company=employer.company, email=f"i{n}@example.com", token=f"secret{n}")
    with django_assert_max_num_queries(4):  # session, user, membership, invitations with their inviters
        response = api.get(INVITATIONS)
    assert [row["email"] for row in response.json()["results"]] == [
        "i2@example.com",
        "i1@example.com",
        "i0@example.com",
    ]
    assert "secret" not in response.text and "token" not in response.text


def test_the_last_owner_is_refused_in_the_error_shape(api, employer):
    response = api.delete(f"{MEMBERS}{employer.pk}/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "last_owner"
    response = api.patch(f"{MEMBERS}{employer.pk}/", {"role": "recruiter"}, content_type="application/json")
    assert response.status_code == 409 and Membership.objects.get(pk=employer.pk).role == MemberRole.OWNER


def test_a_role_outside_the_choices_is_a_field_error(api, recruiter):
    response = api.patch(f"{MEMBERS}{recruiter.pk}/", {"role": "admin"}, content_type="application/json")
    assert response.status_code == 400 and "role" in response.json()["error"]["fields"]


def test_a_recruiter_leaves_but_cannot_remove_or_invite(client, employer, recruiter):
    client.force_login(recruiter.user)
    assert client.delete(f"{MEMBERS}{employer.pk}/").status_code == 403
    assert client.post(INVITATIONS, {"email": "x@example.com"}, content_type="application/json").status_code == 403
    assert client.delete(f"{MEMBERS}{recruiter.pk}/").status_code == 204
    assert client.get(MEMBERS).json()["results"] == []  # nothing of the company any more


def test_an_expired_invitation_is_listed_as_such_and_resent(api, employer, django_capture_on_commit_callbacks):
    invitation = CompanyInvitation.objects.create(company=employer.company, email="late@example.com", token="t")
    CompanyInvitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=9), expires_at=timezone.now() - timedelta(days=2)
    )
    assert api.get(INVITATIONS).json()["results"][0]["is_expired"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{INVITATIONS}{invitation.pk}/resend/")
    assert response.status_code == 200 and response.json()["is_expired"] is False
    assert mail.outbox[-1].to == ["late@example.com"]


def test_inviting_a_member_is_a_field_error(api, recruiter):
    response = api.post(INVITATIONS, {"email": recruiter.user.email}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "already_member" and "email" in response.json()["error"]["fields"]
