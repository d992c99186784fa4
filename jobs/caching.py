"""Public responses that change only with the jobs: kept like a search (jobs.search.CachedSearch),
until the next change to a job or company, or a minute."""

from functools import wraps

from django.http import HttpResponse
from django.utils.translation import get_language

from jobs.search import CachedSearch

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
