from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from jobs.caching import cached_until_jobs_change
from jobs.models import Job


class LatestJobsFeed(Feed):
    """Atom feed of the 50 newest open jobs."""

    feed_type = Atom1Feed
    title = _("IntoWork: newest jobs")
    subtitle = _("The latest jobs published on IntoWork.")
    link = reverse_lazy("jobs:job_list")

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


# The view: rendered once per change to the jobs.
latest_jobs_feed = cached_until_jobs_change(LatestJobsFeed())
