import contextvars
import logging
import re
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _

from intowork.time_zones import TIME_ZONE_COOKIE, is_time_zone, zone_or_default

# The current request's id, for every log line written while serving it.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# Accept a caller's id (load balancer, mobile app) only if it looks like one.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Take X-Request-ID from the proxy or make one; log with it and send it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class DatabaseUnavailableMiddleware:
    """The database down or overloaded (connection refused, pool exhausted, statement timeout)
    gives a friendly 503 with Retry-After at once, not a 500 and not a hanging worker."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logging.getLogger("intowork.availability").error("database unavailable: %s", exception)
        # PrimaryPinningMiddleware serves a reading request again from the primary if a replica failed.
        request.database_unavailable = True
        response: HttpResponse
        if request.path.startswith("/api/"):
            error = {"code": "unavailable", "message": _("The service is briefly unavailable. Try again shortly.")}
            response = JsonResponse({"error": error}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


class UserTimeZoneMiddleware:
    """Times on pages are shown in the visitor's time zone, read from a cookie so that no
    request touches the database for it (an error page must render with the database down).
    A signed-in user's saved zone (``User.time_zone``) is written to the cookie whenever
    their account was read anyway; the browser may set it for visitors. After
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(TIME_ZONE_COOKIE, "")
        if is_time_zone(chosen):
            with timezone.override(zone_or_default(chosen)):
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        saved = getattr(loaded_user(request), "time_zone", "")
        if saved and saved != chosen:
            response.set_cookie(TIME_ZONE_COOKIE, saved, max_age=365 * 24 * 3600, samesite="Lax")
        return response


def loaded_user(request):
    """The request's user if something already read it (never a query of its own), else None."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped
    return user if user is not None and user.is_authenticated else None
