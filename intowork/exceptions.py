"""Errors raised by service functions: one code a machine reads, one message a person reads.

HTML views show ``message``; the API maps them to a 400 (or 409 for a conflict) with ``code``,
in the one error shape every API error has (``api_exception_handler`` below).
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.forms import BaseForm
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ServiceError(Exception):
    status_code = 400

    def __init__(self, code: str, message: "StrOrPromise", *, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class ConflictError(ServiceError):
    """The action clashes with the current state (a live duplicate, a stale transition)."""

    status_code = 409


def add_service_error(form: BaseForm, error: ServiceError) -> None:
    """Show a service's refusal on an HTML form: next to its field, or at the top of the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- The API's one error shape -------------------------------------------------------------
# {"error": {"code": "...", "message": "...", "fields": {"field": ["message", ...]}}}: a mobile
# app branches on ``code``, shows ``message`` and puts ``fields`` next to its inputs.

# Headers DRF sets on an error that the client needs (how to authenticate, when to retry).
KEPT_ERROR_HEADERS = {"WWW-Authenticate", "Retry-After", "Allow"}


def error_response(
    status_code: int,
    code: str,
    message: object,
    fields: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    return Response(
        {"error": {"code": code, "message": str(message), "fields": fields or {}}}, status=status_code, headers=headers
    )


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: services' errors, validation, permissions and database
    rejections all leave in the same shape; anything else is a real bug (a 500)."""
    if isinstance(exc, ServiceError):
        set_rollback()
        return error_response(
            exc.status_code, exc.code, exc.message, {exc.field: [exc.message]} if exc.field else None
        )
    if isinstance(exc, IntegrityError):
        # The serializers check every constraint they can reach first; this is the race they
        # cannot see (two requests writing the same unique row at once).
        set_rollback()
        return error_response(409, "conflict", _("This clashes with a change made meanwhile. Try again."))
    if isinstance(exc, Http404):
        # Django's own 404 (get_object_or_404, a CV whose file is gone): DRF turns it into a
        # NotFound for the response, but reading the code from ``exc`` needs it done here.
        exc = exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )

    response = exception_handler(exc, context)
    if response is None:
        return None
    headers = {key: value for key, value in response.items() if key in KEPT_ERROR_HEADERS}
    if isinstance(exc, exceptions.ValidationError):
        fields = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        return error_response(
            response.status_code, "invalid", _("Some fields are not valid: see the details."), fields, headers
        )
    detail = getattr(exc, "detail", "")
    code = str(getattr(detail, "code", None) or getattr(exc, "default_code", "error"))
    return error_response(response.status_code, code, detail, headers=headers)
