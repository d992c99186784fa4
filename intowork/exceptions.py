"""Errors raised by service functions: one code a machine reads, one message a person reads.

HTML views show ``message``; the API maps them to a 400 (or 409 for a conflict) with ``code``.
"""


class ServiceError(Exception):
    status_code = 400

    def __init__(self, code: str, message: str, *, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class ConflictError(ServiceError):
    """The action clashes with the current state (a live duplicate, a stale transition)."""

    status_code = 409
