from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max

from jobs.caching import cached_until_jobs_change
from jobs.models import Company, Job


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

# The views (with ``{"sitemaps": SITEMAPS}``): rendered once per change to the jobs; a
# section's page number is the one parameter that changes what it shows.
sitemap_index = cached_until_jobs_change(sitemap_views.index)
sitemap_section = cached_until_jobs_change(sitemap_views.sitemap, reads=("p",))
