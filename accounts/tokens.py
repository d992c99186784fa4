"""Signed links that act for a person without their signing in: the one-click unsubscribe
of a notification email (RFC 8058). The signature is the permission; nothing is stored."""

from django.core import signing

UNSUBSCRIBE_SALT = "accounts.unsubscribe"


def unsubscribe_token(*, user_id: int, type: str) -> str:
    """A token that turns off the emails of kind ``type`` for user ``user_id``. It never
    expires: an unsubscribe link in an old email must still work."""
    return signing.dumps([user_id, type], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a token this site signed; None for anything else."""
    try:
        user_id, type = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or not isinstance(type, str):
        return None
    return user_id, type
