import contextvars
import logging
import re
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

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
        response: HttpResponse
        if request.path.startswith("/api/"):
            error = {"code": "unavailable", "message": _("The service is briefly unavailable. Try again shortly.")}
            response = JsonResponse({"error": error}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
