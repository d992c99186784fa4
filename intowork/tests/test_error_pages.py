"""Issue 12: the error pages render when the rest of the site cannot, with no database (no
session, no user) and no static manifest ({% static %} raises for a file the manifest lacks:
the image once shipped without one, and its 500 page was itself a 500).

No test here may touch the database: pytest-django refuses any query outside a django_db test.
The same pages are served by gunicorn with the database unreachable in test_as_deployed.py."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import Http404
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import get_resolver
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from intowork.errors import csrf_failure
from intowork.middleware import DatabaseUnavailableMiddleware


@pytest.fixture(autouse=True)
def no_static_manifest(settings, tmp_path):
    """The production storage over an empty STATIC_ROOT: no file collected, no manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "staticfiles"


def untouchable(what):
    def fail():
        pytest.fail(f"the error page read the request's {what}", pytrace=False)

    return SimpleLazyObject(fail)


def bare_request(path="/somewhere/"):
    """A request whose user and session fail the test if anything reads them."""
    request = RequestFactory().get(path)
    request.user = untouchable("user")
    request.session = untouchable("session")
    return request


def test_without_the_manifest_static_raises():
    """The premise: with this storage and no manifest a {% static %} page cannot render."""
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        Template("{% load static %}{% static 'css/intowork.css' %}").render(Context())


ERROR_PAGES = [
    pytest.param(400, lambda: get_resolver().resolve_error_handler(400)(bare_request(), Exception()), id="400"),
    pytest.param(403, lambda: get_resolver().resolve_error_handler(403)(bare_request(), PermissionDenied()), id="403"),
    pytest.param(403, lambda: csrf_failure(bare_request(), reason="CSRF cookie not set."), id="403-csrf"),
    pytest.param(404, lambda: get_resolver().resolve_error_handler(404)(bare_request(), Http404()), id="404"),
    pytest.param(500, lambda: get_resolver().resolve_error_handler(500)(bare_request()), id="500"),
    pytest.param(
        503,
        lambda: DatabaseUnavailableMiddleware(None).process_exception(bare_request(), OperationalError("down")),
        id="503",
    ),
]


@pytest.mark.parametrize(("status", "render"), ERROR_PAGES)
def test_the_error_page_renders_without_database_session_user_or_manifest(status, render):
    response = render()

    assert response.status_code == status
    page = response.content.decode()
    assert f'<p class="status">{status}</p>' in page  # ours, not Django's fallback
    assert '<html lang="en" dir="ltr">' in page
    # Styled by a stylesheet in the tree, served at the root with no build (WHITENOISE_ROOT).
    assert '<link rel="stylesheet" href="/errors.css">' in page
    assert "/static/" not in page


def test_the_error_pages_speak_the_request_language():
    with translation.override("fr"):  # what LocaleMiddleware has done before any handler runs
        response = get_resolver().resolve_error_handler(404)(bare_request(), Http404())
    assert '<html lang="fr" dir="ltr">' in response.content.decode()
    assert "Page introuvable" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "host", "status", "heading"),
    [
        ("/no-such-page/", "testserver", 404, "Page not found"),
        ("/jobs/", "evil.example", 400, "This request could not be read"),  # not in ALLOWED_HOSTS
    ],
)
def test_through_the_whole_stack_with_a_session_cookie(path, host, status, heading):
    """Every middleware runs, with a (stale) session cookie: still no query and no manifest."""
    client = Client(HTTP_HOST=host)
    client.cookies["sessionid"] = "stale-session-key-that-no-database-could-confirm"
    response = client.get(path)
    assert response.status_code == status
    assert heading in response.content.decode()


def test_a_form_posted_without_its_csrf_token_gets_the_expired_form_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "someone@example.com", "password": "x"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
