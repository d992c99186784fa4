from django.contrib.sitemaps import Sitemap
from django.db.models import Max

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
