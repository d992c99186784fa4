"""The employer's company pages (jobs/views/employer_company.py): creating, editing, invitations."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from jobs.models import Company, CompanyInvitation, MemberRole, Membership
from jobs.tests.factories import MembershipFactory
from jobs.tests.helpers import png

pytestmark = pytest.mark.django_db


# --- The company ------------------------------------------------------------------------------


def test_creating_the_company_makes_its_owner(client, newcomer):
    client.force_login(newcomer)
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = client.post(
        reverse("employer:company_create"),
        {"name": "Acme", "website": "https://acme.example", "size": "11-50", "location": "Lyon", "logo": logo},
    )
    assert response.status_code == 302 and response.url == reverse("employer:home")
    company = Company.objects.get(name="Acme")
    assert (company.slug, company.size, company.location) == ("acme", "11-50", "Lyon")
    assert Membership.objects.get(user=newcomer).role == MemberRole.OWNER
    assert company.logo.name.startswith("logos/")
    logo_response = client.get(reverse("employer:company_logo"))
    assert logo_response.status_code == 200 and b"".join(logo_response.streaming_content) == png()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "Acme", "website": "not a site"}, "website"),
        ({"name": "Acme", "size": "huge"}, "size"),
        ({"name": "Acme", "logo": SimpleUploadedFile("logo.png", b"<svg></svg>")}, "logo"),
        ({"name": "Acme", "logo": SimpleUploadedFile("logo.gif", b"GIF89a")}, "logo"),
    ],
)
def test_company_form_errors_are_shown_and_nothing_is_created(client, newcomer, data, field):
    client.force_login(newcomer)
    response = client.post(reverse("employer:company_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Company.objects.exists()


def test_a_logo_over_one_megabyte_is_refused(client, newcomer):
    client.force_login(newcomer)
    big = png() + b"\0" * (1024 * 1024)  # still a valid PNG, with trailing bytes
    response = client.post(
        reverse("employer:company_create"), {"name": "Acme", "logo": SimpleUploadedFile("logo.png", big)}
    )
    assert response.context["form"].errors["logo"] == ["A logo can be at most 1 MB."]


def test_a_member_cannot_create_a_second_company(owner_client, employer):
    response = owner_client.post(reverse("employer:company_create"), {"name": "Second"})
    assert response.status_code == 302 and response.url == reverse("employer:company")
    assert not Company.objects.filter(name="Second").exists()


def test_the_owner_edits_the_company_and_removes_the_logo(owner_client, employer):
    employer.company.logo = SimpleUploadedFile("logo.png", png())
    employer.company.save()
    response = owner_client.get(reverse("employer:company_edit"))
    assert reverse("employer:company_logo") in response.text
    response = owner_client.post(
        reverse("employer:company_edit"), {"name": "Acme Renamed", "description": "Payments.", "remove_logo": "on"}
    )
    assert response.status_code == 302 and response.url == reverse("employer:company")
    company = Company.objects.get(pk=employer.company_id)
    assert (company.name, company.description, company.logo.name) == ("Acme Renamed", "Payments.", "")
    assert owner_client.get(reverse("employer:company_logo")).status_code == 404


def test_a_recruiter_sees_the_company_but_cannot_edit_it_or_invite(client, employer, recruiter):
    client.force_login(recruiter.user)
    page = client.get(reverse("employer:company"))
    assert page.status_code == 200 and not page.context["is_owner"]
    assert reverse("employer:company_edit") not in page.text
    assert client.get(reverse("employer:company_edit")).status_code == 403
    assert client.post(reverse("employer:company_edit"), {"name": "Mine"}).status_code == 403
    assert client.post(reverse("employer:company"), {"email": "friend@example.com"}).status_code == 403
    assert Company.objects.get(pk=employer.company_id).name == employer.company.name
    assert not CompanyInvitation.objects.exists() and mail.outbox == []


def test_company_page_lists_members_and_open_invitations_in_fixed_queries(
    owner_client, employer, django_assert_max_num_queries
):
    MembershipFactory.create_batch(3, company=employer.company, role=MemberRole.RECRUITER)
    for n in range(3):
        CompanyInvitation.objects.create(company=employer.company, email=f"i{n}@example.com", token=f"t{n}")
    CompanyInvitation.objects.create(
        company=employer.company, email="done@example.com", token="done", accepted_at=timezone.now()
    )
    with django_assert_max_num_queries(6):  # session, user, membership, members, invitations, unread badge
        response = owner_client.get(reverse("employer:company"))
    assert len(response.context["members"]) == 4
    assert [i.email for i in response.context["invitations"]] == ["i2@example.com", "i1@example.com", "i0@example.com"]


# --- Invitations ------------------------------------------------------------------------------


def invite(client, email):
    return client.post(reverse("employer:company"), {"email": email})


def accept_link(message) -> str:
    return re.search(r"http://\S+(/employer/invitations/[\w-]+/)", message.body).group(1)


def test_an_invitation_is_emailed_after_commit_in_text_and_html(
    owner_client, employer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = invite(owner_client, " friend@example.com ")
    assert response.status_code == 302
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    invitation = CompanyInvitation.objects.get()
    assert (invitation.email, invitation.invited_by) == ("friend@example.com", employer.user)
    assert message.to == ["friend@example.com"]
    assert message.subject == f"[IntoWork] Join {employer.company.name}"
    assert accept_link(message) == reverse("employer:invitation_accept", args=[invitation.token])
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and accept_link(message) in html


def test_inviting_again_sends_the_same_invitation_again(owner_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner_client, "friend@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner_client, "FRIEND@example.com")
    assert CompanyInvitation.objects.count() == 1
    assert len(mail.outbox) == 2 and accept_link(mail.outbox[0]) == accept_link(mail.outbox[1])


@pytest.mark.parametrize(
    ("email", "error"),
    [("not-an-address", "Enter a valid email address."), ("", "This field is required.")],
)
def test_an_invalid_address_is_a_form_error(owner_client, email, error):
    response = invite(owner_client, email)
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [error]
    assert not CompanyInvitation.objects.exists()


def test_inviting_a_member_is_refused(owner_client, recruiter):
    response = invite(owner_client, recruiter.user.email.upper())
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        f"{recruiter.user.email.upper()} is already a member of the company."
    ]
    assert not CompanyInvitation.objects.exists() and mail.outbox == []


@pytest.fixture
def invitation(owner_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner_client, "Newcomer@Example.com")
    return CompanyInvitation.objects.get()


def test_the_invited_employer_accepts_and_becomes_a_recruiter(client, employer, newcomer, invitation):
    url = accept_link(mail.outbox[-1])
    client.force_login(newcomer)
    page = client.get(url)
    assert page.status_code == 200 and f"Join {employer.company.name}" in page.text
    assert not Membership.objects.filter(user=newcomer).exists()  # opening the link changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("employer:home")
    assert Membership.objects.get(user=newcomer).role == MemberRole.RECRUITER
    assert CompanyInvitation.objects.get().accepted_at is not None
    assert client.get(reverse("employer:job_list")).status_code == 200  # the company's pages open


def test_another_address_cannot_accept(client, invitation):
    other = UserFactory(role=Role.EMPLOYER, email="other@example.com")
    client.force_login(other)
    url = reverse("employer:invitation_accept", args=[invitation.token])
    assert "You are signed in as other@example.com" in client.get(url).text
    response = client.post(url)
    assert response.status_code == 400
    assert "This invitation was sent to another email address." in response.text
    assert not Membership.objects.filter(user=other).exists()
    assert CompanyInvitation.objects.get().accepted_at is None


def test_a_used_invitation_says_so(client, newcomer, invitation):
    client.force_login(newcomer)
    url = reverse("employer:invitation_accept", args=[invitation.token])
    client.post(url)
    again = client.post(url)
    assert again.status_code == 409 and "This invitation has already been used." in again.text
    assert "This invitation has already been used." in client.get(url).text
    assert Membership.objects.filter(user=newcomer).count() == 1


def test_an_unknown_token_is_a_clear_404(client, newcomer):
    client.force_login(newcomer)
    response = client.get(reverse("employer:invitation_accept", args=["no-such-token"]))
    assert response.status_code == 404 and "This invitation link is not valid" in response.text


def test_an_invitation_link_asks_visitors_to_sign_in_and_refuses_candidates(client, candidate, invitation):
    url = reverse("employer:invitation_accept", args=[invitation.token])
    client.logout()  # the owner who invited
    response = client.post(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(candidate.user)
    assert client.post(url).status_code == 403
    assert CompanyInvitation.objects.get().accepted_at is None
