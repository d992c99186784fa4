"""Reads to replicas, writes to the primary, and read-your-writes.

Enabled when DATABASE_REPLICA_URLS is set (settings add one alias per replica). Once a
request has written, or if it may write (POST, PUT, PATCH, DELETE), every later read in it
goes to the primary, so a user never misses what they just did because of replication lag.
The same holds for the client's next requests for DATABASE_PRIMARY_AFTER_WRITE_S seconds
(a cookie), so the page a form redirects to shows what the form saved. A reading request
that fails on a replica (stopped, unreachable, overloaded) is served again from the primary,
and the replica is skipped by this process for DATABASE_REPLICA_RETRY_S seconds.
"""

import contextvars
import logging
import random
import time

from django.conf import settings

_pinned_to_primary: contextvars.ContextVar[bool] = contextvars.ContextVar("pinned_to_primary", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("wrote", default=False)
_replica_used: contextvars.ContextVar[str | None] = contextvars.ContextVar("replica_used", default=None)
# Per process: replica alias -> time.monotonic() until which its reads go to the primary.
_replica_skipped_until: dict[str, float] = {}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
RETRYABLE_METHODS = {"GET", "HEAD", "OPTIONS"}
RECENT_WRITE_COOKIE = "primary_reads"

logger = logging.getLogger("intowork.availability")


def pin_to_primary() -> None:
    _pinned_to_primary.set(True)


def skip_replica(alias: str) -> None:
    _replica_skipped_until[alias] = time.monotonic() + settings.DATABASE_REPLICA_RETRY_S
    logger.warning(
        "replica %s failed a request: reads go to the primary for %s s", alias, settings.DATABASE_REPLICA_RETRY_S
    )


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _pinned_to_primary.get():
            return "default"
        now = time.monotonic()
        answering = [alias for alias in settings.DATABASE_REPLICAS if _replica_skipped_until.get(alias, 0) <= now]
        if not answering:
            return "default"
        alias = random.choice(answering)  # noqa: S311 (load spreading, not security)
        _replica_used.set(alias)
        return alias

    def db_for_write(self, model, **hints):
        pin_to_primary()
        _wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryPinningMiddleware:
    """Each request starts unpinned, except those that may write and those of a client that
    wrote in the last seconds. Before DatabaseUnavailableMiddleware, which marks the request
    whose database failed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = request.method in UNSAFE_METHODS or RECENT_WRITE_COOKIE in request.COOKIES
        tokens = (_pinned_to_primary.set(pinned), _wrote.set(False), _replica_used.set(None))
        try:
            response = self.get_response(request)
            replica = _replica_used.get()
            if (
                replica
                and getattr(request, "database_unavailable", False)
                and request.method in RETRYABLE_METHODS
                and not _wrote.get()
            ):
                # Nothing was written: serving the request again from the primary is safe.
                skip_replica(replica)
                request.database_unavailable = False
                pin_to_primary()
                response = self.get_response(request)
            if _wrote.get() and settings.DATABASE_REPLICAS:
                response.set_cookie(
                    RECENT_WRITE_COOKIE,
                    "1",
                    max_age=settings.DATABASE_PRIMARY_AFTER_WRITE_S,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _pinned_to_primary.reset(tokens[0])
            _wrote.reset(tokens[1])
            _replica_used.reset(tokens[2])
