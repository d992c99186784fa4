from functools import wraps

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse

from jobs.models import Company, Job
from jobs.search import CachedSearch


class JobSitemap(Sitemap):
    changefreq = "daily"
    limit = 10_000  # the sitemap protocol allows 50,000 per file; Django pages beyond this

    def items(self):
        return Job.objects.published().only("pk", "slug", "updated_at").order_by("-posted_at", "-id")

    def lastmod(self, job):
        return job.updated_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item: 100k jobs loaded for one date (~3 s).
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class CompanySitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        # Companies with at least one open job.
        return Company.objects.filter(pk__in=Job.objects.published().values("company_id")).only("slug").order_by("pk")


SITEMAPS = {"jobs": JobSitemap, "companies": CompanySitemap}
_KEPT_HEADERS = ("Content-Type", "Last-Modified", "X-Robots-Tag")


def cached_sitemap(view):
    """``view`` (Django's sitemap index or section) with its rendered XML cached like a search
    (jobs.search.CachedSearch): a page lists 10,000 URLs, about a second of rendering, public
    and unthrottled; the entry dies with the next change to a job or company, so a closed job
    never lingers in it."""

    @wraps(view)
    def cached_view(request, **kwargs):
        # Keyed by what the view reads (the page number), so made-up parameters cannot evade it.
        entry = CachedSearch("sitemap", {"url": request.build_absolute_uri(request.path), "p": request.GET.get("p")})
        if entry.value is not None:
            content, headers = entry.value
            return HttpResponse(content, headers=headers)
        response = view(request, **kwargs)
        response.render()
        if response.status_code == 200:
            entry.store((response.content, {name: response[name] for name in _KEPT_HEADERS if name in response}))
        return response

    return cached_view
