"""A user's preferences (language, time zone), the zone the browser reports, the verify-your-
email pages and the unread count on the folded menu's button."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Notification, NotificationType, User
from accounts.tests.factories import NotificationFactory, UserFactory
from intowork.time_zones import TIME_ZONE_COOKIE
from jobs.tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_preferences_save_the_language_and_the_zone(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:preferences")).status_code == 200
    response = client.post(
        reverse("accounts:preferences"), {"full_name": "Ana López", "language": "fr", "time_zone": "America/Sao_Paulo"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.language, user.time_zone) == ("fr", "America/Sao_Paulo")


def test_an_unknown_zone_is_refused_and_nothing_changes(client):
    user = UserFactory(time_zone="Europe/Paris")
    client.force_login(user)
    response = client.post(
        reverse("accounts:preferences"), {"full_name": "Ana López", "language": "fr", "time_zone": "Europe/Atlantis"}
    )
    assert response.status_code == 400
    assert User.objects.values_list("language", "time_zone").get(pk=user.pk) == ("en", "Europe/Paris")


def test_back_to_automatic_forgets_the_cookie_so_the_browser_sets_it_again(client):
    user = UserFactory(time_zone="Europe/Paris")
    client.force_login(user)
    response = client.post(
        reverse("accounts:preferences"), {"full_name": "Ana López", "language": "en", "time_zone": ""}
    )
    assert User.objects.get(pk=user.pk).time_zone == ""
    assert response.cookies[TIME_ZONE_COOKIE].value == ""  # deleted


def test_the_browsers_zone_is_saved_only_for_a_user_without_one(client):
    newcomer, settled = UserFactory(time_zone=""), UserFactory(time_zone="Asia/Tokyo")
    url = reverse("accounts:time_zone_detected")
    client.force_login(newcomer)
    assert client.post(url, {"time_zone": "Not/A_Zone"}).status_code == 204
    assert User.objects.get(pk=newcomer.pk).time_zone == ""
    assert client.post(url, {"time_zone": "Europe/Lisbon"}).status_code == 204
    assert User.objects.get(pk=newcomer.pk).time_zone == "Europe/Lisbon"
    client.force_login(settled)
    client.post(url, {"time_zone": "Europe/Lisbon"})
    assert User.objects.get(pk=settled.pk).time_zone == "Asia/Tokyo"  # their own choice stays


def test_pages_ask_the_browser_for_the_zone_only_while_none_is_saved(client):
    client.force_login(UserFactory(time_zone=""))
    assert 'data-time-zone-url="/account/time-zone/"' in client.get("/jobs/").text
    client.force_login(UserFactory(time_zone="Asia/Tokyo"))
    assert "data-time-zone-url" not in client.get("/jobs/").text


def test_the_zone_report_needs_a_signed_in_user(client):
    response = client.post(reverse("accounts:time_zone_detected"), {"time_zone": "Europe/Lisbon"})
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_new_verification_link_is_sent_once_per_cooldown_and_no_one_learns_who_has_an_account(client):
    user = UserFactory(email="new@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    url = reverse("accounts:verification_resend")
    response = client.post(url, {"email": "NEW@example.com"}, follow=True)
    assert "a new link is on its way" in response.text
    assert [message.to for message in mail.outbox] == [["new@example.com"]]
    client.post(url, {"email": "new@example.com"})  # again at once: the cooldown holds it
    unknown = client.post(url, {"email": "nobody@example.com"}, follow=True)
    assert "a new link is on its way" in unknown.text  # the same answer
    assert len(mail.outbox) == 1


def test_the_verify_page_offers_the_resend_and_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "support@intowork.example"
    html = client.get(reverse("account_email_verification_sent")).text
    assert f'action="{reverse("accounts:verification_resend")}"' in html
    assert 'href="mailto:support@intowork.example"' in html


def test_the_confirm_page_names_the_address_once(client):
    from allauth.account.models import EmailConfirmationHMAC

    user = UserFactory(email="ana@example.com")
    address = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    key = EmailConfirmationHMAC(address).key
    html = client.get(reverse("account_confirm_email", args=[key])).text
    assert html.count("ana@example.com") == 1
    assert "for user" not in html


def test_the_menu_button_shows_the_unread_count(client, user):
    NotificationFactory.create_batch(3, user=user)
    client.force_login(user)
    html = client.get("/jobs/").text
    start = html.index('class="navbar-toggler')
    button = html[start : html.index("</button>", start)]
    assert 'id="menu-notification-badge"' in button
    assert '>3<span class="visually-hidden"> unread notifications</span>' in button


def test_a_notification_links_to_the_page_it_is_about(candidate, employer):
    job = JobFactory(company=employer.company)
    application = ApplicationFactory(job=job, candidate=candidate)
    about = {"job": job, "application": application}
    for_employer = NotificationFactory(user=employer.user, type=NotificationType.APPLICATION_RECEIVED, **about)
    for_candidate = NotificationFactory(user=candidate.user, type=NotificationType.APPLICATION_STATUS, **about)
    about_a_job = NotificationFactory(user=candidate.user, job=job)
    about_nothing = NotificationFactory(user=candidate.user)
    assert for_employer.target_url == f"/employer/applications/{application.pk}/"
    assert for_candidate.target_url == f"/applications/{application.pk}/"
    assert about_a_job.target_url == job.get_absolute_url()
    assert about_nothing.target_url == "/notifications/"
    assert Notification.objects.count() == 4
