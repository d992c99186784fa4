"""Rate limits for pages, with the API's machinery: DRF's throttles count in the cache (shared
through Redis, per process without it) and read the client's address the same way
(REMOTE_ADDR, or X-Forwarded-For behind NUM_PROXIES trusted proxies), and the rates live in
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] with the API's."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from rest_framework.throttling import SimpleRateThrottle

from intowork.errors import too_many_requests


class PageRateThrottle(SimpleRateThrottle):
    """The rate of ``scope`` per account, or per client address for visitors: the keys of DRF's
    ScopedRateThrottle, so a page and an endpoint of the same scope share one budget."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request: Any, view: Any) -> str:
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allows(self, request: HttpRequest) -> bool:
        """Whether this request is within the rate (and counted): DRF's check, for a page. It
        reads only ``request.user`` and ``request.META``, which a Django request has too."""
        return self.allow_request(request, None)  # type: ignore[arg-type]  # no DRF Request, no view


def rate_limited(scope: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A page limited to the rate of ``scope``: beyond it, the 429 page with Retry-After."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            throttle = PageRateThrottle(scope)
            if not throttle.allows(request):
                return too_many_requests(request, throttle.wait())
            return view(request, *args, **kwargs)

        return limited

    return decorate
