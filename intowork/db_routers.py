"""Reads to replicas, writes to the primary, and read-your-writes within a request.

Enabled when DATABASE_REPLICA_URLS is set (settings add one alias per replica). Once a
request has written, or if it may write (POST, PUT, PATCH, DELETE), every later read in it
goes to the primary, so a user never misses what they just did because of replication lag.
"""

import contextvars
import random

from django.conf import settings

_pinned_to_primary: contextvars.ContextVar[bool] = contextvars.ContextVar("pinned_to_primary", default=False)
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def pin_to_primary() -> None:
    _pinned_to_primary.set(True)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = settings.DATABASE_REPLICAS
        if not replicas or _pinned_to_primary.get():
            return "default"
        return random.choice(replicas)  # noqa: S311 (load spreading, not security)

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryPinningMiddleware:
    """Each request starts unpinned, except those that may write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pinned_to_primary.set(request.method in UNSAFE_METHODS)
        try:
            return self.get_response(request)
        finally:
            _pinned_to_primary.reset(token)
