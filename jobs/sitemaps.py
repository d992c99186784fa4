from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.views.decorators.csp import csp_override

from intowork.absolute_urls import rebased_on_site, site_domain, site_scheme
from jobs.caching import cached_until_jobs_change
from jobs.models import Company, Job


class PublicSiteSitemap(Sitemap):
    """Links on SITE_URL: Django's sitemaps take the host from the sites framework's row
    (``example.com`` unless edited) and the scheme from the request (plain HTTP behind a proxy)."""

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_domain()


class JobSitemap(PublicSiteSitemap):
    changefreq = "daily"
    limit = 10_000  # the sitemap protocol allows 50,000 per file; Django pages beyond this

    def items(self):
        return Job.objects.published().only("pk", "slug", "updated_at").order_by("-posted_at", "-id")

    def lastmod(self, job):
        return job.updated_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item: 100k jobs loaded for one date (~3 s).
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class CompanySitemap(PublicSiteSitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        # Companies with at least one open job.
        return Company.objects.filter(pk__in=Job.objects.published().values("company_id")).only("slug").order_by("pk")


SITEMAPS = {"jobs": JobSitemap, "companies": CompanySitemap}


def index_on_site(request, **kwargs):
    """Django's index, its links moved to SITE_URL (it builds them from the sites framework's
    row and the request's scheme, which no Sitemap method overrides)."""
    response = sitemap_views.index(request, **kwargs)
    for item in (response.context_data or {}).get("sitemaps", []):
        item.location = rebased_on_site(item.location)
    return response


# The views (with ``{"sitemaps": SITEMAPS}``): rendered once per change to the jobs; a
# section's page number is the one parameter that changes what it shows. XML, with no CSP: it
# runs no script of ours, and a browser's XML viewer styles the tree it shows inline, which a
# CSP would only report as violations in the console.
sitemap_index = csp_override({})(cached_until_jobs_change(index_on_site))
sitemap_section = csp_override({})(cached_until_jobs_change(sitemap_views.sitemap, reads=("p",)))
