"""Requests as our middleware leaves them, for the type checker: ``request.htmx`` is set by
django-htmx's middleware on every request."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails
