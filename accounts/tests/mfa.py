"""Signing staff in for tests of admin pages: as after allauth's login with its TOTP step."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator


def sign_in_with_mfa(client, user):
    """``client`` signed in as ``user`` with the password and the second factor recorded in its
    session, as allauth records them (the admin checks that record). The real login, code and
    all, is tested in intowork/tests/test_admin_login.py."""
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp", "id": authenticator.pk if authenticator else None},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client
