"""Feeds of jobs: every search of /jobs/ as Atom (/jobs/feed/?q=...) and JSON Feed
(/jobs/feed.json?q=...), with the page's parser, filters and order (its first page), and each
company's public board (/companies/<slug>/jobs.json, /companies/<slug>/jobs/feed/), the way
Greenhouse and Lever publish postings. Cached like the page: until the jobs change."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from intowork.absolute_urls import absolute_url
from jobs.caching import cached_until_jobs_change
from jobs.filters import JobFilter, search_params
from jobs.models import Company, Job
from jobs.search import search_first_page

# The parameters a search feed reads: the cache key has them and nothing else.
SEARCH_FEED_PARAMS = ("q", "sort", *JobFilter.base_filters)
# A company's board lists its open jobs, newest first, up to this many.
COMPANY_BOARD_LIMIT = 500


def feed_title(params: QueryDict) -> str:
    words = " · ".join(value for name in ("q", "location", "company") if (value := params.get(name, "").strip()))
    return _("IntoWork: %(search)s") % {"search": words} if words else _("IntoWork: newest jobs")


def job_summary(job: Job) -> str:
    """One line from what a result card holds (the long texts are not read: a feed of 20 jobs
    costs one query)."""
    parts = [job.company.name, job.location, job.get_job_type_display(), job.get_location_type_display()]
    return " · ".join(str(part) for part in parts if part)


class SearchFeed(Feed):
    """Atom feed of a search: the jobs of its first page on /jobs/, in the same order."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> QueryDict:
        return search_params(request.GET, "sort")

    def title(self, params: QueryDict) -> str:
        return feed_title(params)

    def subtitle(self, params: QueryDict) -> str:
        return _("The jobs of this search on IntoWork, as its page lists them.")

    # Links are absolute on SITE_URL: Django's feeds would take the host from the sites
    # framework's row and the scheme from the request.
    def link(self, params: QueryDict) -> str:
        query = params.urlencode()
        return absolute_url(reverse("jobs:job_list") + (f"?{query}" if query else ""))

    def feed_url(self, params: QueryDict) -> str:
        query = params.urlencode()
        return absolute_url(reverse("jobs:job_feed") + (f"?{query}" if query else ""))

    def item_link(self, job: Job) -> str:
        return absolute_url(job.get_absolute_url())

    def items(self, params: QueryDict) -> list[Job]:
        return search_first_page(params).jobs

    def item_title(self, job: Job) -> str:
        return f"{job.title} · {job.company.name}"

    def item_description(self, job: Job) -> str:
        return job_summary(job)

    def item_pubdate(self, job: Job):
        return job.posted_at

    def item_updateddate(self, job: Job):
        return job.updated_at

    def item_author_name(self, job: Job) -> str:
        return job.company.name


class CompanyFeed(SearchFeed):
    """Atom feed of a company's board: the search of its jobs (``company=<slug>``)."""

    def get_object(self, request, *args, **kwargs) -> QueryDict:
        company = get_object_or_404(Company, slug=kwargs["slug"])
        params = QueryDict(mutable=True)
        params["company"] = company.slug
        return params

    def feed_url(self, params: QueryDict) -> str:
        return absolute_url(reverse("jobs:company_feed", args=[params["company"]]))


def json_feed_item(job: Job) -> dict:
    return {
        "id": str(job.pk),
        "url": absolute_url(job.get_absolute_url()),
        "title": f"{job.title} · {job.company.name}",
        "content_text": job_summary(job),
        "date_published": job.posted_at.isoformat() if job.posted_at else None,
        "date_modified": job.updated_at.isoformat(),
        "authors": [{"name": job.company.name, "url": absolute_url(job.company.get_absolute_url())}],
    }


@require_GET
def search_json_feed(request: HttpRequest) -> JsonResponse:
    """JSON Feed 1.1 (jsonfeed.org) of a search: the same items as its Atom feed and its page."""
    params = search_params(request.GET, "sort")
    query = params.urlencode()
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_title(params),
        "home_page_url": absolute_url(reverse("jobs:job_list") + (f"?{query}" if query else "")),
        "feed_url": absolute_url(reverse("jobs:job_json_feed") + (f"?{query}" if query else "")),
        "items": [json_feed_item(job) for job in search_first_page(params).jobs],
    }
    return JsonResponse(feed, content_type="application/feed+json", json_dumps_params={"ensure_ascii": False})


@require_GET
def company_board(request: HttpRequest, slug: str) -> JsonResponse:
    """A company's open jobs as JSON, keyless and public (like Greenhouse's job board API)."""
    company = get_object_or_404(Company, slug=slug)
    jobs = Job.objects.published().for_cards().filter(company=company).order_by("-posted_at", "-id")
    board = {
        "company": {
            "name": company.name,
            "slug": company.slug,
            "url": absolute_url(company.get_absolute_url()),
        },
        "jobs": [
            {
                "id": job.pk,
                "title": job.title,
                "url": absolute_url(job.get_absolute_url()),
                "location": job.location,
                "location_type": job.location_type,
                "job_type": job.job_type,
                "salary_min": job.salary_min,
                "salary_max": job.salary_max,
                "salary_currency": job.salary_currency,
                "posted_at": job.posted_at.isoformat() if job.posted_at else None,
                "updated_at": job.updated_at.isoformat(),
            }
            for job in jobs[:COMPANY_BOARD_LIMIT]
        ],
    }
    return JsonResponse(board, json_dumps_params={"ensure_ascii": False})


# The views: each rendered once per change to the jobs (per search, per company). The Atom
# feeds are XML, with no CSP (see jobs.sitemaps).
search_feed = csp_override({})(cached_until_jobs_change(SearchFeed(), reads=SEARCH_FEED_PARAMS))
search_json_feed_cached = cached_until_jobs_change(search_json_feed, reads=SEARCH_FEED_PARAMS)
company_feed = csp_override({})(cached_until_jobs_change(CompanyFeed()))
company_board_cached = cached_until_jobs_change(company_board)
