"""What is cached until the jobs change: searches (the page's results, the API's pages) and
public responses that list jobs (sitemaps, the feed).

An entry is stored with the search version current when it was computed; any write to a job
or a company bumps the version after commit (jobs/signals.py, jobs_close_expired), so an
entry older than the last change is never served: a closed job disappears at once. Reading
the version and the entry is one cache round trip. The short timeout bounds what expiry
dates alone change between two runs of close_expired_jobs.
"""

import hashlib
import json
import time
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

SEARCH_CACHE_TIMEOUT_S = 60
SEARCH_VERSION_KEY = "jobs:search:version"


def invalidate_search_cache() -> None:
    cache.set(SEARCH_VERSION_KEY, time.time_ns(), None)


class CachedSearch:
    """``entry = CachedSearch("api", params)``; ``entry.value`` is None on a miss, then
    ``entry.store(value)`` keeps it under the version read before the search ran (a change
    made meanwhile leaves it stale, hence unused)."""

    def __init__(self, kind: str, params: dict[str, Any]):
        payload = json.dumps(params, sort_keys=True, default=str)
        self.key = f"jobs:search:{kind}:{hashlib.sha256(payload.encode()).hexdigest()[:32]}"
        found = cache.get_many([SEARCH_VERSION_KEY, self.key])
        self.version = found.get(SEARCH_VERSION_KEY)
        if self.version is None:  # first use, or the cache was emptied
            cache.add(SEARCH_VERSION_KEY, time.time_ns(), None)
            self.version = cache.get(SEARCH_VERSION_KEY)
        stored = found.get(self.key)
        # Any: what each kind of search stores (rendered HTML, a page of ids, an API page).
        self.value: Any = stored[1] if stored and self.version is not None and stored[0] == self.version else None

    def store(self, value: Any) -> None:
        self.value = value
        if self.version is not None:
            cache.set(self.key, (self.version, value), SEARCH_CACHE_TIMEOUT_S)


_KEPT_HEADERS = ("Content-Type", "Last-Modified", "X-Robots-Tag")


def cached_until_jobs_change(view, *, reads: tuple[str, ...] = ()):
    """``view`` (a public GET view, the same for everyone) with its rendered response cached.
    The key is the URL without its query string plus the parameters the view ``reads``, so
    made-up parameters cannot evade the cache; the entry dies with the next job or company
    change, so a closed job never lingers in a sitemap or feed."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        key = {"url": request.build_absolute_uri(request.path), "lang": get_language()}
        entry = CachedSearch("response", key | {name: request.GET.get(name) for name in reads})
        if entry.value is not None:
            content, headers = entry.value
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200:
            entry.store((response.content, {name: response[name] for name in _KEPT_HEADERS if name in response}))
        return response

    return cached_view
