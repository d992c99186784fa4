"""The signed links of alert emails: confirming a guest's address, and the one-click
unsubscribe (RFC 8058). The token names the alert; its signature is the permission."""

from accounts.tokens import signed_token, signed_token_read

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def alert_token(alert_id: int, *, salt: str) -> str:
    return signed_token(alert_id, salt=salt)


def alert_token_read(token: str, *, salt: str) -> int | None:
    """The alert id of a token signed for ``salt``; None for anything else."""
    found = signed_token_read(token, salt=salt)
    return found if isinstance(found, int) and not isinstance(found, bool) else None
