"""Issue 12, point 7: rate limits key on the real client behind trusted proxies (and on
REMOTE_ADDR otherwise, whatever X-Forwarded-For claims), and the search page has one."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from intowork.ratelimits import PageRateThrottle
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db

LIMITED = "Too many failed login attempts"


@pytest.fixture
def login_limit(settings, user):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip"}
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def failed_login(client, user, **headers) -> bool:
    """Whether the attempt was refused by the rate limit."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"}, headers=headers)
    return LIMITED in response.text


def test_behind_a_proxy_login_limits_key_on_the_client_address(client, settings, login_limit):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The proxy appends the address it saw; whatever the client sent before it is ignored.
    mallory = {"x-forwarded-for": "203.0.113.9, 198.51.100.7"}
    assert [failed_login(client, login_limit, **mallory) for _ in range(3)] == [False, False, True]
    # Another client behind the same proxy (same REMOTE_ADDR) keeps its own budget.
    assert failed_login(client, login_limit, **{"x-forwarded-for": "198.51.100.8"}) is False
    # Forging the first address does not give mallory a new one.
    assert failed_login(client, login_limit, **{"x-forwarded-for": "10.9.9.9, 198.51.100.7"}) is True


def test_without_proxies_a_forged_forwarded_for_changes_nothing(client, settings, login_limit):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    answers = [failed_login(client, login_limit, **{"x-forwarded-for": f"198.51.100.{n}"}) for n in range(3)]
    assert answers == [False, False, True]


def test_the_settings_share_one_proxy_count():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.NUM_PROXIES == settings.REST_FRAMEWORK["NUM_PROXIES"]


@pytest.fixture
def search_limit(monkeypatch):
    monkeypatch.setattr(PageRateThrottle, "THROTTLE_RATES", {"search_page": "2/min"})
    JobFactory(title="Pastry chef")


def test_the_search_page_is_rate_limited_per_visitor(client, search_limit):
    statuses = [client.get("/jobs/", {"q": "pastry"}, REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get("/jobs/", REMOTE_ADDR="10.0.0.1")
    assert int(refused["Retry-After"]) > 0 and "Too many requests" in refused.text
    assert client.get("/jobs/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_search_page_limit_keys_on_the_client_behind_a_proxy(client, search_limit, monkeypatch):
    from rest_framework.settings import api_settings

    monkeypatch.setattr(api_settings, "NUM_PROXIES", 1)
    statuses = [client.get("/jobs/", headers={"x-forwarded-for": "198.51.100.7"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/jobs/", headers={"x-forwarded-for": "198.51.100.8"}).status_code == 200


def test_signed_in_searches_count_per_account(client, search_limit, candidate):
    client.force_login(candidate.user)
    statuses = [client.get("/jobs/", REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    ("action", "path", "data"),
    [
        ("reset_password", "/accounts/password/reset/", {"email": "someone@example.com"}),
        ("signup", "/accounts/signup/", {"email": "new@example.com", "role": "candidate"}),
    ],
)
def test_behind_a_proxy_reset_and_signup_limits_key_on_the_client(client, settings, action, path, data):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {action: "2/m/ip"}

    def post(address):
        return client.post(path, data, headers={"x-forwarded-for": address}).status_code

    assert [post("198.51.100.7") for _ in range(3)][-1] == 429
    assert post("198.51.100.8") != 429
