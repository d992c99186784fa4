from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override

from intowork.absolute_urls import absolute_url
from jobs.caching import cached_until_jobs_change
from jobs.models import Job


class LatestJobsFeed(Feed):
    """Atom feed of the 50 newest open jobs. Its links are absolute on SITE_URL: Django's feeds
    would take the host from the sites framework's row and the scheme from the request."""

    feed_type = Atom1Feed
    title = _("IntoWork: newest jobs")
    subtitle = _("The latest jobs published on IntoWork.")

    def link(self):
        return absolute_url(reverse("jobs:job_list"))

    def feed_url(self):
        return absolute_url(reverse("jobs:job_feed"))

    def item_link(self, job):
        return absolute_url(job.get_absolute_url())

    def items(self):
        return Job.objects.published().for_listing().order_by("-posted_at", "-id")[:50]

    def item_title(self, job):
        return f"{job.title} · {job.company.name}"

    def item_description(self, job):
        return job.description[:500]

    def item_pubdate(self, job):
        return job.posted_at

    def item_updateddate(self, job):
        return job.updated_at

    def item_author_name(self, job):
        return job.company.name


# The view: rendered once per change to the jobs. XML, with no CSP (see jobs.sitemaps).
latest_jobs_feed = csp_override({})(cached_until_jobs_change(LatestJobsFeed()))
