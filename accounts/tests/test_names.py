"""A person's name: one full name as they write it, an optional preferred name for greetings;
asked at sign-up (test_signup.py), edited on the preferences page and over the API, shown to
employers on what the candidate applied to."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from intowork.tests.helpers import violates
from jobs.models import ApplicationStatus
from jobs.services import application_change_status
from jobs.tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_preferred_name_needs_a_full_name():
    with violates("accounts_user_preferred_name_needs_full_name_check"):
        UserFactory(full_name="", preferred_name="Ana")


def test_others_see_the_full_name_emails_greet_by_the_preferred_one():
    ana = UserFactory.build(full_name="Ana María López García", preferred_name="Ana", email="ana@example.com")
    assert (ana.display_name, ana.greeting_name, ana.get_short_name()) == ("Ana María López García", "Ana", "Ana")
    ana.preferred_name = ""
    assert ana.greeting_name == "Ana María López García"
    nameless = UserFactory.build(full_name="", email="old@example.com")
    assert (nameless.display_name, nameless.greeting_name) == ("old@example.com", "old@example.com")


def test_the_preferences_page_edits_the_names(client, user):
    client.force_login(user)
    url = reverse("accounts:preferences")
    assert 'autocomplete="name"' in client.get(url).text
    fields = {"full_name": " 毛泽东 ", "preferred_name": "Mao", "language": "en", "time_zone": ""}
    assert client.post(url, fields).status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.preferred_name) == ("毛泽东", "Mao")


def test_the_preferences_page_refuses_an_empty_full_name_and_keeps_the_old_one(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:preferences"), {"full_name": "", "preferred_name": "Ana", "language": "en", "time_zone": ""}
    )
    assert response.status_code == 400 and "full_name" in response.context["form"].errors
    assert User.objects.get(pk=user.pk).full_name == user.full_name


def test_me_shows_and_changes_the_names(client, user):
    client.force_login(user)
    response = client.patch(
        "/api/v1/me/", {"full_name": "Sukarno", "preferred_name": "Bung Karno"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert (response.json()["full_name"], response.json()["preferred_name"]) == ("Sukarno", "Bung Karno")
    assert client.get("/api/v1/me/").json()["full_name"] == "Sukarno"


def test_me_refuses_a_preferred_name_without_a_full_name_in_the_error_shape(client):
    nameless = UserFactory(full_name="")
    client.force_login(nameless)
    response = client.patch("/api/v1/me/", {"preferred_name": "Ana"}, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["full_name"]
    assert User.objects.get(pk=nameless.pk).preferred_name == ""


def test_a_notification_email_greets_by_the_preferred_name(django_capture_on_commit_callbacks):
    application = ApplicationFactory(
        candidate__user__full_name="Ana María López", candidate__user__preferred_name="Ana"
    )
    recruiter = MembershipFactory(company=application.job.company).user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_change_status(application=application, to=ApplicationStatus.INTERVIEW, by=recruiter)
    [email] = [message for message in mail.outbox if message.to == [application.candidate.user.email]]
    assert email.body.startswith("Hello Ana,")


def test_the_employer_sees_the_name_and_the_address_of_who_applied(client):
    application = ApplicationFactory(candidate__user__full_name="Nguyễn Thị Minh Khai")
    recruiter = MembershipFactory(company=application.job.company).user
    client.force_login(recruiter)
    detail = client.get(reverse("employer:application_detail", args=[application.pk])).text
    assert "Nguyễn Thị Minh Khai" in detail and f"mailto:{application.candidate.user.email}" in detail
    pipeline = client.get(reverse("employer:application_list", args=[application.job.pk])).text
    assert "Nguyễn Thị Minh Khai" in pipeline
