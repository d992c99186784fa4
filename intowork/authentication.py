"""API authentication: allauth's headless session token (the apps) or the browser session."""

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """``X-Session-Token: <token>`` from ``/_allauth/app/v1/auth/login`` (or sign-up).

    Naming a scheme makes an anonymous request a 401 (log in) rather than a 403 (forbidden).
    """

    def authenticate_header(self, request):
        return 'X-Session-Token realm="api"'


class SessionTokenScheme(OpenApiAuthenticationExtension):
    target_class = SessionTokenAuthentication
    name = "sessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": "The session token allauth's app client returns in meta.session_token.",
        }
