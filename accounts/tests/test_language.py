"""Each user's language: chosen at sign-up or with the switcher, and the one their
notifications and emails are written in, whoever acted."""

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import translation

from accounts.models import Notification, User
from jobs.models import ApplicationStatus
from jobs.services import application_change_status, application_submit
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english():
    yield
    translation.deactivate()  # LocaleMiddleware leaves the request's language active


def sign_up(client, email: str, **headers):
    password = "a-long-passphrase-42"
    form = {
        "role": "candidate",
        "full_name": "Ada Lovelace",
        "email": email,
        "password1": password,
        "password2": password,
    }
    return client.post("/accounts/signup/", form, **headers)


def test_sign_up_keeps_the_language_of_the_page(client):
    sign_up(client, "amelie@example.com", HTTP_ACCEPT_LANGUAGE="fr")
    sign_up(client, "grace@example.com", HTTP_ACCEPT_LANGUAGE="en")
    sign_up(client, "ines@example.com", HTTP_ACCEPT_LANGUAGE="pt-PT")
    sign_up(client, "karim@example.com", HTTP_ACCEPT_LANGUAGE="ar")
    languages = dict(User.objects.values_list("email", "language"))
    assert languages == {
        "amelie@example.com": "fr",
        "grace@example.com": "en",
        "ines@example.com": "pt",
        "karim@example.com": "ar",
    }


def test_the_switcher_saves_a_signed_in_users_choice(client, user):
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/jobs/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "fr"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/jobs/"})  # not offered: ignored
    user.refresh_from_db()
    assert user.language == "fr"


def test_the_switcher_still_works_for_visitors(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/jobs/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "fr"


@pytest.mark.parametrize("language", ["en", "fr", "pt", "ar"])
def test_the_database_takes_each_language_the_site_offers(user, language):
    User.objects.filter(pk=user.pk).update(language=language)
    user.refresh_from_db()
    assert user.language == language


def test_the_database_refuses_a_language_the_site_does_not_offer(user):
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(language="de")


def test_a_notification_is_written_in_its_recipients_language_not_the_actors(
    candidate, employer, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=candidate.user.pk).update(language="fr")
    job = JobFactory(company=employer.company, title="Pâtissier")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        application = application_submit(candidate=candidate, job=job)
        application_change_status(application=application, to=ApplicationStatus.INTERVIEW, by=employer.user)

    received = Notification.objects.get(user=employer.user)  # English employer, French candidate applied
    assert received.title == f"{candidate.user.display_name} applied to Pâtissier"
    status = Notification.objects.get(user=candidate.user)
    with translation.override("fr"):
        interview = str(ApplicationStatus.INTERVIEW.label)
    assert status.title.replace("\u00a0", " ") == f"Votre candidature pour Pâtissier : {interview}"
    assert status.title != "Your application for Pâtissier: Interview"
    # The candidate's two emails: the receipt of the application, then its move to the interview.
    receipt, email = [message for message in mail.outbox if message.to == [candidate.user.email]]
    assert "Pâtissier" in receipt.subject and "Your application" not in receipt.subject
    assert "Pâtissier" in email.subject and "Your application" not in email.subject


def test_the_api_reads_and_changes_the_language(client, user):
    client.force_login(user)
    assert client.get("/api/v1/me/").json()["language"] == "en"
    assert client.patch("/api/v1/me/", {"language": "fr"}, content_type="application/json").status_code == 200
    user.refresh_from_db()
    assert user.language == "fr"
    response = client.patch("/api/v1/me/", {"language": "de"}, content_type="application/json")
    assert response.status_code == 400 and "language" in str(response.json())
