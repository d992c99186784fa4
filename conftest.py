"""Fixtures shared by every app's tests: users in each role, and media kept out of the repo."""

import pytest
from django.conf import settings

from accounts.tests.factories import StaffFactory, UserFactory
from accounts.tests.mfa import sign_in_with_mfa
from candidates.tests.factories import CandidateProfileFactory
from jobs.tests.factories import MembershipFactory


def pytest_collection_modifyitems(config, items):
    """The cluster tests start a dozen processes and put minutes of load on them: they run only
    when asked for (`make test-cluster`, i.e. `-m cluster`), never in the default run."""
    if "cluster" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="starts a cluster: run with make test-cluster")
    for item in items:
        if "cluster" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached searches, pages and rate limits of one
    test must not answer another's requests (whatever order the tests run in)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_policy_to_accept(_fresh_cache):
    """No privacy policy or terms in force unless a test publishes one (privacy.services.
    policy_save), known without a query: the consent check costs pinned pages nothing."""
    from django.core.cache import cache

    from privacy.services import CURRENT_POLICIES_KEY

    cache.set(CURRENT_POLICIES_KEY, [], timeout=None)


@pytest.fixture
def candidate(db):
    """A candidate's profile (``candidate.user`` is the account)."""
    return CandidateProfileFactory()


@pytest.fixture
def employer(db):
    """A company owner's membership (``employer.user``, ``employer.company``)."""
    return MembershipFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def user(db):
    return UserFactory()


# --- Browser tests (Playwright driving Debian's Chromium; never a downloaded browser) -----------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; each test gets its own context (cookies, storage)."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab whose relative URLs go to the live test server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def login_page(page, live_server, client):
    """``login_page(user)``: the browser tab signed in as ``user`` (session cookie, no form);
    staff as after their second factor, which the admin asks for."""

    def sign_in(user):
        if user.is_staff:
            sign_in_with_mfa(client, user)
        else:
            client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return page

    return sign_in
