"""Consent: staff publish versions of the privacy policy and the terms; sign-up records the
version accepted and when; a new version is asked for again before any other page."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from intowork.tests.helpers import violates
from privacy.models import PolicyConsent, PolicyDocument
from privacy.services import policy_save
from privacy.tests.helpers import publish

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-unusual-passphrase-42"


def sign_up(client, **extra):
    fields = {"email": "ana@example.com", "password1": PASSWORD, "password2": PASSWORD, "role": Role.CANDIDATE}
    return client.post(reverse("account_signup"), {**fields, "full_name": "Ana López", **extra})


def test_the_pages_show_the_version_in_force(client):
    assert client.get(reverse("privacy:privacy_policy")).status_code == 404  # none published yet
    publish("privacy", 1)
    publish("privacy", 2)
    policy_save(document=PolicyDocument(kind="privacy", version=3, title="Draft", body="Not yet."))
    page = client.get(reverse("privacy:privacy_policy"))
    assert page.status_code == 200 and "The text of version 2." in page.text and "Not yet." not in page.text


def test_sign_up_asks_for_consent_and_records_the_versions_and_when(client):
    privacy, terms = publish("privacy", 1), publish("terms", 4)
    refused = sign_up(client)
    assert refused.status_code == 200 and "Accept the terms and the privacy policy" in refused.text
    assert not User.objects.filter(email="ana@example.com").exists()
    sign_up(client, accept_policies="on")
    user = User.objects.get(email="ana@example.com")
    consents = PolicyConsent.objects.filter(user=user)
    assert sorted(consents.values_list("document", flat=True)) == sorted([privacy.pk, terms.pk])
    assert all(consent.accepted_at for consent in consents)


def test_without_a_published_policy_sign_up_asks_nothing(client):
    assert 'name="accept_policies"' not in client.get(reverse("account_signup")).text


def test_a_new_version_is_asked_before_any_page_then_never_again(client, candidate):
    first = publish("terms", 1)
    PolicyConsent.objects.create(user=candidate.user, document=first)
    client.force_login(candidate.user)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    publish("terms", 2, summary_of_changes="We now keep ended applications 12 months.")
    asked = client.get(reverse("accounts:dashboard"))
    assert asked.status_code == 302 and asked.url.startswith(reverse("privacy:policies_accept"))
    page = client.get(asked.url)
    assert "We now keep ended applications 12 months." in page.text
    assert client.get(reverse("privacy:terms")).status_code == 200  # readable meanwhile
    assert client.post("/api/v1/me/", {}).status_code != 302  # the API is not a page
    accepted = client.post(reverse("privacy:policies_accept"), {"next": reverse("accounts:dashboard")})
    assert accepted.url == reverse("accounts:dashboard")
    assert PolicyConsent.objects.filter(user=candidate.user).count() == 2
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_accepting_refuses_an_outside_next(client, user):
    publish("terms", 1)
    client.force_login(user)
    response = client.post(reverse("privacy:policies_accept"), {"next": "https://evil.example/"})
    assert response.url == reverse("accounts:dashboard")


def test_a_version_is_accepted_once_and_kept_while_someone_accepted_it(user):
    document = publish("terms", 1)
    PolicyConsent.objects.create(user=user, document=document)
    with violates("privacy_consent_user_document_uniq"):
        PolicyConsent.objects.create(user=user, document=document)


def test_versions_are_unique_per_kind_and_positive():
    publish("terms", 1)
    with violates("privacy_policy_kind_version_uniq"):
        PolicyDocument.objects.create(kind="terms", version=1, title="Again", body="x")
    with violates("privacy_policy_version_positive_check"):
        PolicyDocument.objects.create(kind="privacy", version=0, title="Zero", body="x")


def test_headless_sign_up_asks_for_consent_too(client):
    document = publish("terms", 1)
    url = "/_allauth/app/v1/auth/signup"
    fields = {"email": "ana@example.com", "password": PASSWORD, "role": Role.CANDIDATE, "full_name": "Ana López"}
    refused = client.post(url, fields, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["param"] == "accept_policies"
    client.post(url, {**fields, "accept_policies": True}, content_type="application/json")
    assert PolicyConsent.objects.filter(user__email="ana@example.com", document=document).exists()


def test_the_api_lists_the_versions_to_accept_and_accepts_them(client, user):
    client.force_login(user)
    assert client.get("/api/v1/me/policies/").json() == []
    document = publish("privacy", 3, summary_of_changes="Retention.")
    [pending] = client.get("/api/v1/me/policies/").json()
    assert (pending["id"], pending["version"], pending["summary_of_changes"]) == (document.pk, 3, "Retention.")
    assert pending["url"].endswith("/privacy/")
    assert client.post("/api/v1/me/policies/").json() == []
    assert PolicyConsent.objects.filter(user=user, document=document).exists()
