import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from candidates.models import CandidateProfile

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-42"


def sign_up(client, email, role, full_name="Ana María López García"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "role": role, "full_name": full_name},
    )


def test_signup_page_offers_the_two_roles(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert 'value="candidate"' in response.text and 'value="employer"' in response.text
    assert "vendor/bootstrap/bootstrap.min.css" in response.text  # our layout, not allauth's bare one


def test_candidate_signup_creates_the_profile_and_sends_a_verification_email_in_text_and_html(client):
    response = sign_up(client, "Ada@Example.com", Role.CANDIDATE)
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email__iexact="ada@example.com")
    assert user.role == Role.CANDIDATE
    assert CandidateProfile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.get(user=user).verified

    [message] = mail.outbox
    assert message.subject.startswith("[IntoWork] ")
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert link in html
    assert "Hello from IntoWork!" in message.body and "Hello from IntoWork!" in html

    # Mandatory verification: no dashboard before the link is followed.
    client.logout()
    login = client.post(reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD})
    assert login.url == reverse("account_email_verification_sent")
    client.post(urlsplit(link).path)
    assert EmailAddress.objects.get(user=user).verified
    login = client.post(reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD})
    assert login.url == "/dashboard/"


@pytest.mark.parametrize("name", ["Ana María López García", "Nguyễn Thị Minh Khai", "毛泽东", "Sukarno"])
def test_signup_keeps_the_full_name_as_written(client, name):
    sign_up(client, "ana@example.com", Role.CANDIDATE, full_name=f"  {name} ")
    user = User.objects.get(email="ana@example.com")
    assert (user.full_name, user.preferred_name, user.display_name) == (name, "", name)


def test_signup_asks_for_the_name(client):
    response = sign_up(client, "ana@example.com", Role.CANDIDATE, full_name=" ")
    assert response.status_code == 200 and 'autocomplete="name"' in response.text
    assert "full_name" in response.context["form"].errors
    assert not User.objects.filter(email="ana@example.com").exists()


def test_headless_signup_asks_for_the_name_too(client):
    url = "/_allauth/app/v1/auth/signup"
    fields = {"email": "ana@example.com", "password": PASSWORD, "role": Role.CANDIDATE}
    refused = client.post(url, fields, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["param"] == "full_name"
    assert not User.objects.filter(email="ana@example.com").exists()
    client.post(url, {**fields, "full_name": "Ana López"}, content_type="application/json")
    assert User.objects.get(email="ana@example.com").full_name == "Ana López"


def test_employer_signup_gets_no_candidate_profile(client):
    sign_up(client, "boss@example.com", Role.EMPLOYER)
    user = User.objects.get(email="boss@example.com")
    assert user.role == Role.EMPLOYER
    assert not CandidateProfile.objects.filter(user=user).exists()


def test_signup_refuses_the_staff_role(client):
    response = sign_up(client, "sneaky@example.com", Role.STAFF)
    assert response.status_code == 200
    assert not User.objects.filter(email="sneaky@example.com").exists()


def test_signup_with_a_taken_email_reveals_nothing(client, user):
    response = sign_up(client, user.email.upper(), Role.CANDIDATE)
    # The same answer as a new address; the owner is told by email instead.
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact=user.email).count() == 1
    [message] = mail.outbox
    assert message.to == [user.email.upper()] or message.to == [user.email]
    assert "already exists" in message.body and message.alternatives


def test_password_reset_answers_the_same_for_unknown_addresses(client, user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert [len(m.alternatives) for m in mail.outbox] == [1, 1]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "do not have any record" in mail.outbox[1].body


def test_login_failures_are_rate_limited(client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    for _attempt in range(3):
        assert client.post(reverse("account_login"), {"login": user.email, "password": "wrong"}).status_code == 200
    blocked = client.post(reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"})
    assert blocked.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password", "account_email", "account_change_password"]
)
def test_allauth_pages_use_the_site_layout(client, user, name):
    if name in ("account_email", "account_change_password"):
        client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'class="form-control' in response.text and 'id="main"' in response.text


def test_password_change_sends_a_notice_in_text_and_html(client, user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "correct-horse-battery", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    [message] = mail.outbox
    assert "Your password has been changed." in message.body
    assert "Your password has been changed." in message.alternatives[0][0]


def test_configured_social_providers_are_offered_on_the_login_page(client):
    from allauth.socialaccount.models import SocialApp
    from django.contrib.sites.models import Site

    app = SocialApp.objects.create(provider="github", name="GitHub", client_id="id", secret="secret")
    app.sites.add(Site.objects.get_current())
    response = client.get(reverse("account_login"))
    assert "/accounts/github/login/" in response.text
