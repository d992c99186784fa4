"""Each user's time zone: times on their pages and in their emails are shown in it."""

import datetime

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UserFactory
from intowork.emails import templated_email
from intowork.middleware import UserTimeZoneMiddleware
from intowork.time_zones import TIME_ZONE_COOKIE

pytestmark = pytest.mark.django_db

NOON_UTC = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Europe/Paris", "Europe/Paris"), ("", "UTC"), ("Mars/Olympus_Mons", "UTC")],
)
def test_a_users_zone_is_theirs_or_the_sites(name, expected):
    assert str(UserFactory.build(time_zone=name).zone) == expected


def zone_seen_with(cookie: str | None) -> str:
    request = RequestFactory().get("/")
    if cookie is not None:
        request.COOKIES[TIME_ZONE_COOKIE] = cookie
    middleware = UserTimeZoneMiddleware(lambda request: HttpResponse(timezone.get_current_timezone_name()))
    return middleware(request).content.decode()


def test_pages_show_times_in_the_zone_of_the_cookie():
    assert zone_seen_with("America/Sao_Paulo") == "America/Sao_Paulo"
    assert zone_seen_with(None) == "UTC"
    assert zone_seen_with("Mars/Olympus_Mons") == "UTC"  # a forged cookie is ignored
    assert timezone.get_current_timezone_name() == "UTC"  # and nothing stays active afterwards


def test_emails_show_times_in_the_recipients_zone(settings, tmp_path):
    (tmp_path / "t_subject.txt").write_text("At {{ when|time:'H:i' }}")
    (tmp_path / "t.txt").write_text("{{ when|date:'H:i e' }}")
    (tmp_path / "t.html").write_text("<p>{{ when|time:'H:i' }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    message = templated_email(
        "t", to="a@example.com", context={"when": NOON_UTC}, language="en", time_zone="Asia/Tokyo"
    )
    assert message.subject == "At 21:00"
    assert message.body == "21:00 JST"
    assert templated_email("t", to="a@example.com", context={"when": NOON_UTC}, language="en").subject == "At 12:00"


def test_the_api_sets_a_known_zone_and_refuses_any_other(client):
    user = UserFactory(time_zone="")
    client.force_login(user)
    response = client.patch("/api/v1/me/", {"time_zone": "Europe/Lisbon"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["time_zone"] == "Europe/Lisbon"
    refused = client.patch("/api/v1/me/", {"time_zone": "Europe/Atlantis"}, content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["time_zone"]
    assert User.objects.get(pk=user.pk).time_zone == "Europe/Lisbon"


def test_a_person_is_shown_by_name_or_else_by_address():
    assert UserFactory.build(full_name="Ana Lopez").display_name == "Ana Lopez"
    assert UserFactory.build(full_name="", email="x@example.com").display_name == "x@example.com"


def test_the_zone_travels_in_a_cookie_so_that_no_page_reads_the_database_for_it(client):
    user = UserFactory(time_zone="Asia/Tokyo")
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.cookies[TIME_ZONE_COOKIE].value == "Asia/Tokyo"
    client.cookies[TIME_ZONE_COOKIE] = "Not/A_Zone"
    client.logout()
    response = client.get("/jobs/", headers={"cookie": f"{TIME_ZONE_COOKIE}=Europe/Paris"})
    assert TIME_ZONE_COOKIE not in response.cookies  # a visitor's own choice is left alone
