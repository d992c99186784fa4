"""The 400, 403 (and CSRF failure), 404 and 429 pages, rendered without the request's context.

Django's own handlers render them with the context processors, which read the session and
count the user's notifications: with the database down, a 404 would become a 500. These pages
need nothing of the request (templates/_error.html says what they avoid); the language is the
one LocaleMiddleware already chose. The 500 page (Django's handler, no context) and the 503
page (intowork.middleware) are rendered the same way."""

import math

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound
from django.template.loader import render_to_string


def bad_request(request, exception):
    return HttpResponseBadRequest(render_to_string("400.html"))


def permission_denied(request, exception):
    return HttpResponseForbidden(render_to_string("403.html"))


def page_not_found(request, exception):
    return HttpResponseNotFound(render_to_string("404.html"))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a stale page or without the cookie (reason is logged
    by Django's CSRF middleware, never shown)."""
    return HttpResponseForbidden(render_to_string("403_csrf.html"))


def too_many_requests(request, retry_after_s: float | None = None):
    """A rate limit's page: allauth's (as ``handler429``) and the search page's."""
    response = HttpResponse(render_to_string("429.html"), status=429)
    if retry_after_s:
        response["Retry-After"] = str(math.ceil(retry_after_s))
    return response
