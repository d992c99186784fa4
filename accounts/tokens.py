"""Signed links that act for a person without their signing in: the one-click unsubscribe
of a notification email (RFC 8058), and the other apps' links built the same way (alerts'
confirmation and unsubscribe). The signature is the permission; nothing is stored."""

from typing import Any

from django.core import signing

UNSUBSCRIBE_SALT = "accounts.unsubscribe"


def signed_token(payload: Any, *, salt: str) -> str:
    """``payload`` (JSON-able) signed for one purpose (``salt``). It never expires: a link in
    an old email must still work."""
    return signing.dumps(payload, salt=salt)


def signed_token_read(token: str, *, salt: str) -> Any:
    """The payload of a token this site signed for ``salt``; None for anything else."""
    try:
        return signing.loads(token, salt=salt)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def unsubscribe_token(*, user_id: int, type: str) -> str:
    """A token that turns off the emails of kind ``type`` for user ``user_id``."""
    return signed_token([user_id, type], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a token this site signed; None for anything else."""
    found = signed_token_read(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(found, list) or len(found) != 2:
        return None
    user_id, type = found
    if not isinstance(user_id, int) or not isinstance(type, str):
        return None
    return user_id, type
