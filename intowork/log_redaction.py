"""Secrets carried in URLs never reach the logs.

An invitation link, a password-reset link, an email-confirmation link and a one-click
unsubscribe link each hold a key that acts for someone. Logs are kept longer and read by more
people than the keys deserve, so every log line is passed through ``redact``: the application's
(a handler filter in settings.LOGGING: "Not Found: /employer/invitations/<token>/") and
gunicorn's access log (``GunicornLogger``: the request line, the path, the query and the
Referer header, which carries the link on the next page)."""

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

REDACTED = "[redacted]"

# The path segment after each of these holds the key (see the URLconfs: jobs.employer_urls,
# allauth's account URLs, accounts.urls).
SECRET_PATHS = (
    "employer/invitations",
    "accounts/password/reset/key",
    "accounts/confirm-email",
    "notifications/unsubscribe",
)
# A slash may be percent-encoded: the login page's ?next= carries the link it came from.
SLASH = "(?:/|%2[Ff])"
SECRET_PATH = re.compile(
    rf"({SLASH}(?:{'|'.join(re.escape(path).replace('/', SLASH) for path in SECRET_PATHS)}){SLASH})"
    rf"(?:(?!%2[Ff])[^/\s?#&\"'])+"
)
# Keys passed as query parameters (?key=, ?token=) anywhere.
SECRET_QUERY = re.compile(r"((?:^|[?&])(?:key|token)=)[^&\s#\"']+")


def redact(text: str) -> str:
    if "/" not in text and "=" not in text and "%2" not in text:
        return text
    return SECRET_QUERY.sub(rf"\g<1>{REDACTED}", SECRET_PATH.sub(rf"\g<1>{REDACTED}", text))


# What every LogRecord has; anything else was passed as ``extra`` (Django's django.request
# passes the request itself, which the JSON formatter writes out with its path).
STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class RedactSecretsFilter(logging.Filter):
    """A handler filter: the record's message is formatted and redacted, and so is each extra
    attribute that shows a secret (replaced by its redacted text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        for name, value in list(vars(record).items()):
            if name in STANDARD_ATTRIBUTES or value is None or isinstance(value, int | float):
                continue
            text = value if isinstance(value, str) else repr(value)
            if (clean := redact(text)) != text:
                setattr(record, name, clean)
        return True


class GunicornLogger(Logger):
    """gunicorn's logger (gunicorn.conf.py ``logger_class``) with every access-log atom redacted."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) if isinstance(value, str) else value for name, value in atoms.items()}
