import pytest
from django.urls import reverse

from accounts.tests.mfa import sign_in_with_mfa
from alerts.models import Alert
from alerts.tests.factories import AlertFactory
from alerts.tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, alert_token

pytestmark = pytest.mark.django_db


def test_a_guest_saves_the_search_of_the_page_and_confirms_it_by_the_emailed_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    page = client.get("/alerts/new/?q=python&location=Lyon&sort=newest")
    assert page.status_code == 200 and 'name="location" value="Lyon"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/alerts/new/", {"q": "python", "location": "Lyon", "email": "guest@example.com", "frequency": "weekly"}
        )
    assert response.status_code == 200 and "guest@example.com" in response.content.decode()
    alert = Alert.objects.get()
    assert (alert.params, alert.frequency, alert.confirmed_at) == ({"location": "Lyon", "q": "python"}, "weekly", None)
    link = next(word for word in mailoutbox[0].body.split() if "/alerts/confirm/" in word)
    path = link.removeprefix("http://testserver").split("://", 1)[-1]
    path = path[path.index("/alerts/") :]
    assert client.get(path).status_code == 200
    alert.refresh_from_db()
    assert alert.confirmed_at is None  # opening the link (a mail scanner) confirms nothing
    assert client.post(path).status_code == 200
    alert.refresh_from_db()
    assert alert.confirmed_at is not None


def test_a_guest_must_give_an_address(client):
    response = client.post("/alerts/new/", {"q": "python", "frequency": "daily"})
    assert response.status_code == 400 and not Alert.objects.exists()


def test_a_search_the_page_rejects_is_not_saved(client, candidate):
    client.force_login(candidate.user)
    response = client.post("/alerts/new/", {"job_type": "astronaut", "frequency": "daily"})
    assert response.status_code == 400 and not Alert.objects.exists()


def test_a_member_saves_an_alert_and_manages_it(client, candidate):
    client.force_login(candidate.user)
    response = client.post("/alerts/new/", {"q": "python", "frequency": "daily"})
    assert response.status_code == 302 and response["Location"] == reverse("alerts:alert_list")
    alert = Alert.objects.get(user=candidate.user)
    prefix = f"alert-{alert.pk}"
    client.post(
        f"/alerts/{alert.pk}/edit/",
        {f"{prefix}-name": "Python jobs", f"{prefix}-frequency": "immediate", f"{prefix}-is_paused": "on"},
    )
    alert.refresh_from_db()
    assert (alert.name, alert.frequency, alert.is_paused) == ("Python jobs", "immediate", True)
    client.post(f"/alerts/{alert.pk}/delete/")
    assert not Alert.objects.exists()


def test_someone_elses_alert_is_a_404_and_unchanged(client, candidate):
    alert = AlertFactory()
    client.force_login(candidate.user)
    assert client.post(f"/alerts/{alert.pk}/delete/").status_code == 404
    assert client.post(f"/alerts/{alert.pk}/edit/", {}).status_code == 404
    assert Alert.objects.filter(pk=alert.pk, is_paused=False).exists()


def test_the_alerts_page_lists_the_users_alerts_in_a_fixed_number_of_queries(
    client, candidate, django_assert_max_num_queries
):
    for word in ("python", "django", "go"):
        AlertFactory(user=candidate.user, name=word, params={"q": word}, query_key=word)
    AlertFactory(name="someone else's")
    client.force_login(candidate.user)
    with django_assert_max_num_queries(6):
        page = client.get("/alerts/").content.decode()
    assert "django" in page and "someone else" not in page


def test_the_alerts_page_has_an_empty_state(client, candidate):
    client.force_login(candidate.user)
    assert "No alert yet" in client.get("/alerts/").content.decode()


def test_one_click_unsubscribe_needs_no_login_and_pauses_the_alert(client):
    alert = AlertFactory()
    url = reverse("alerts:unsubscribe", args=[alert_token(alert.pk, salt=UNSUBSCRIBE_SALT)])
    assert client.get(url).status_code == 200
    alert.refresh_from_db()
    assert not alert.is_paused  # GET asks, changes nothing
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", without cookies or CSRF token.
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.is_paused
    client.post(url, {"action": "resume"})
    alert.refresh_from_db()
    assert not alert.is_paused
    client.post(url, {"action": "delete"})
    assert not Alert.objects.exists()


@pytest.mark.parametrize("view", ["alerts:unsubscribe", "alerts:confirm"])
def test_a_forged_or_cross_purpose_token_is_refused(client, view):
    alert = AlertFactory(user=None, email="g@example.com", confirmed_at=None)
    other_salt = CONFIRM_SALT if view == "alerts:unsubscribe" else UNSUBSCRIBE_SALT
    for token in ["forged", alert_token(alert.pk, salt=other_salt)]:
        assert client.post(reverse(view, args=[token])).status_code == 400
    alert.refresh_from_db()
    assert alert.confirmed_at is None and not alert.is_paused


def test_the_dashboard_shows_the_alerts_and_the_onboarding_step_links_to_them(client, candidate):
    AlertFactory(user=candidate.user, name="Python in Lyon")
    client.force_login(candidate.user)
    page = client.get("/dashboard/").content.decode()
    assert "Python in Lyon" in page and reverse("alerts:alert_list") in page


def test_the_results_offer_the_search_as_an_alert_and_as_feeds(client):
    page = client.get("/jobs/?q=python&location=Lyon").content.decode()
    assert "/alerts/new/?q=python&amp;location=Lyon" in page
    assert "/jobs/feed/?q=python&amp;location=Lyon" in page and "/jobs/feed.json?q=python&amp;location=Lyon" in page


def test_the_monitoring_page_counts_active_alerts_and_emails_per_day(client, staff):
    AlertFactory.create_batch(2)
    sign_in_with_mfa(client, staff)
    page = client.get("/admin/db-monitoring/").content.decode()
    assert "Job alerts" in page and "Alert emails sent per day" in page
