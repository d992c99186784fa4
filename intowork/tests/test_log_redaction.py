"""Issue 12, point 9: the keys in invitation, password-reset, confirmation and unsubscribe links
never appear in the application's log nor in gunicorn's access log. (test_as_deployed.py checks
the access log of a real gunicorn too.)"""

import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from intowork.log_redaction import GunicornLogger, redact

pytestmark = pytest.mark.django_db

INVITATION_TOKEN = "Xk9q2mVb7TnLw3RzPa5sE1uYhD8cFj0o4GiK6lNx"
RESET_KEY = "3-cq8h1s-5f2b9d3e0a7c6e4f8b1d2a3c"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"GET /employer/invitations/{INVITATION_TOKEN}/ HTTP/1.1", "GET /employer/invitations/[redacted]/ HTTP/1.1"),
        (f"/accounts/password/reset/key/{RESET_KEY}/", "/accounts/password/reset/key/[redacted]/"),
        (
            "http://x.example/accounts/confirm-email/MQ:1v2:abc/?next=/",
            "http://x.example/accounts/confirm-email/[redacted]/?next=/",
        ),
        ("/notifications/unsubscribe/eyJ1Ijo0fQ:1abc/", "/notifications/unsubscribe/[redacted]/"),
        (
            "/_allauth/browser/v1/auth/password/reset?key=abc-123&x=1",
            "/_allauth/browser/v1/auth/password/reset?key=[redacted]&x=1",
        ),
        ("token=abc", "token=[redacted]"),
        (
            f"/accounts/login/?next=%2Femployer%2Finvitations%2F{INVITATION_TOKEN}%2F",
            "/accounts/login/?next=%2Femployer%2Finvitations%2F[redacted]%2F",
        ),
        ("/employer/jobs/12/ and /jobs/?q=token", "/employer/jobs/12/ and /jobs/?q=token"),
    ],
)
def test_redact(line, expected):
    assert redact(line) == expected


def console_handler() -> logging.Handler:
    """The handler settings.LOGGING gives the root logger (pytest adds its own beside it)."""
    return next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)


def test_the_application_log_never_shows_an_invitation_token(client, employer):
    client.force_login(employer.user)
    handler = console_handler()
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        # An unknown (or revoked) token is a 404: Django logs "Not Found: <path>".
        client.get(f"/employer/invitations/{INVITATION_TOKEN}/")
        client.get(f"/accounts/password/reset/key/{RESET_KEY}/")
        logging.getLogger("django.request").warning("Not Found: %s", f"/employer/invitations/{INVITATION_TOKEN}/")
    finally:
        handler.setStream(previous)
    log = stream.getvalue()
    assert "/employer/invitations/[redacted]/" in log
    assert INVITATION_TOKEN not in log and RESET_KEY not in log


def test_gunicorn_access_log_redacts_path_query_and_referer():
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", __import__("runpy").run_path("gunicorn.conf.py")["access_log_format"])
    logger = GunicornLogger(config)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/accounts/password/reset/key/{RESET_KEY}/?token=abc",
        "PATH_INFO": f"/accounts/password/reset/key/{RESET_KEY}/",
        "QUERY_STRING": "token=abc",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://jobs.example.org/employer/invitations/{INVITATION_TOKEN}/",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    line = stream.getvalue()
    assert '"path": "/accounts/password/reset/key/[redacted]/"' in line and '"query": "token=[redacted]"' in line
    assert RESET_KEY not in line and INVITATION_TOKEN not in line
