"""The public pages: the job search, a job's page and a company's page."""

import json
from pathlib import PurePosixPath
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from intowork.absolute_urls import absolute_url
from intowork.ratelimits import rate_limited
from jobs import services
from jobs.models import Company, Job, JobType, LocationType
from jobs.models.search_query import Ordering
from jobs.search import ResultsPage, mark_candidate_state, search_page

# The form sends only the visitor's own choice: "" (best match) is relevance with words and
# newest without, so a first search typed on the unfiltered list is ranked, not sorted by date.
SORT_CHOICES = [("", _("Best match")), (Ordering.NEWEST, _("Newest")), (Ordering.SALARY, _("Salary"))]


def _facet_options(choices, counts: dict) -> list[tuple]:
    """(value, label, count or None when not counted) for a filter's select."""
    return [(value, label, counts.get(value, 0) if counts else None) for value, label in choices.choices]


# The filters of the side panel (the query and the order are not filters: they stay in view).
FILTER_NAMES = ("job_type", "location_type", "location", "salary_min", "posted_within", "company")


def active_filter_count(params) -> int:
    """How many filters the visitor chose, for the button that opens them on a phone."""
    return sum(1 for name in FILTER_NAMES if params.get(name, "").strip())


def clear_filters_url(params) -> str:
    """This search without its filters (the query and the order kept)."""
    kept = QueryDict(mutable=True)
    for name in ("q", "sort"):
        if params.get(name):
            kept[name] = params[name]
    return f"{reverse('jobs:job_list')}?{kept.urlencode()}" if kept else reverse("jobs:job_list")


@require_GET
@rate_limited("search_page")
@vary_on_headers("HX-Request")  # one URL, a page or a fragment: caches must keep them apart
def job_list(request):
    def present(page: ResultsPage) -> str:
        context = {
            "results": page.results,
            "q": page.q,
            "page": page.number,
            "previous_page": page.previous_page,
            "next_page": page.next_page,
            "last_page": page.last_page,
            "query_string": page.query_string,
        }
        return render_to_string("jobs/_results.html", context, request)

    found = search_page(request.GET, user=request.user, present=present)
    job_filter = found.filter
    facet_groups = [
        (job_filter.form["job_type"], _facet_options(JobType, found.facets.get("job_type", {}))),
        (job_filter.form["location_type"], _facet_options(LocationType, found.facets.get("location_type", {}))),
    ]
    filters = {"active_filters": active_filter_count(request.GET), "clear_filters_url": clear_filters_url(request.GET)}
    # htmx swaps in the results alone, except when it restores a page missing from its
    # history cache: that request also says HX-Request, and needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        out_of_band = {"facet_groups": facet_groups, "out_of_band": True, **filters}
        facets_html = render_to_string("jobs/_facet_filters.html", out_of_band, request)
        count_html = render_to_string("jobs/_filter_count.html", out_of_band, request)
        return HttpResponse(found.presented + facets_html + count_html)
    context = {
        **filters,
        "results_html": found.presented,
        "filter": job_filter,
        "q": request.GET.get("q", ""),
        "sort": request.GET.get("sort", ""),
        "sort_choices": SORT_CHOICES,
        "facet_groups": facet_groups,
        "other_fields": [job_filter.form[name] for name in ("location", "salary_min", "posted_within", "company")],
    }
    return render(request, "jobs/job_list.html", context)


@require_GET
def job_detail(request, pk: int, slug: str):
    # Closed jobs stay readable (candidates who applied come back to them); drafts and archived don't.
    job = get_object_or_404(
        Job.objects.visible()
        .for_listing()
        .defer("search_vector")
        .with_has_applied(request.user)
        .with_is_saved(request.user),
        pk=pk,
    )
    if job.slug != slug:
        raise Http404
    services.job_record_view(job=job)
    data = job_posting_data(job)
    return render(request, "jobs/job_detail.html", {"job": job, "job_posting": data and json_ld(data)})


# What json_script escapes: the JSON can then never close the <script> element or open a comment.
_JSON_LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> element (data, not code: the CSP is
    not involved), escaped like json_script so that no value can break out of the element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_LD_ESCAPES))  # noqa: S308


def job_posting_data(job: Job) -> dict | None:
    """schema.org JobPosting, so job search engines can index the offer (open jobs only)."""
    if not job.is_open or job.posted_at is None:
        return None
    employment = {
        "full_time": "FULL_TIME",
        "part_time": "PART_TIME",
        "contract": "CONTRACTOR",
        "internship": "INTERN",
        "temporary": "TEMPORARY",
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description,
        "datePosted": job.posted_at.isoformat(),
        "employmentType": employment[job.job_type],
        "hiringOrganization": {
            "@type": "Organization",
            "name": job.company.name,
            "sameAs": job.company.website or absolute_url(job.company.get_absolute_url()),
        },
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": job.location}},
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": job.salary_currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": job.salary_min,
                "maxValue": job.salary_max,
                "unitText": "YEAR",
            },
        },
        "url": absolute_url(job.get_absolute_url()),
    }
    if job.company.logo_url:  # an open job: its company has a published job, so the logo is public
        data["hiringOrganization"]["logo"] = absolute_url(job.company.logo_url)
    if job.expires_at:
        data["validThrough"] = job.expires_at.isoformat()
    if job.location_type == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
    return data


@require_GET
def company_detail(request, slug: str):
    company = get_object_or_404(Company, slug=slug)
    open_jobs = list(Job.objects.published().for_cards().filter(company=company).order_by("-posted_at", "-id")[:100])
    mark_candidate_state(open_jobs, request.user)
    return render(request, "jobs/company_detail.html", {"company": company, "open_jobs": open_jobs})


# The image types a logo may be served as (ImageField checked the file is an image at upload);
# anything else stays private.
LOGO_CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
LOGO_MAX_AGE_S = 7 * 24 * 3600  # the address changes with the file (Company.logo_url)


@require_GET
def company_logo(request, slug: str):
    """A company's logo, public while the company has published jobs (its page, its job cards,
    search engines). Media files have no public URL: this serves that one file and nothing else."""
    company = get_object_or_404(Company, slug=slug)
    extension = PurePosixPath(company.logo.name or "").suffix.lower()
    if not company.logo or extension not in LOGO_CONTENT_TYPES or not company.has_published_jobs():
        raise Http404
    try:
        handle = company.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=LOGO_CONTENT_TYPES[extension])
    response["Cache-Control"] = f"public, max-age={LOGO_MAX_AGE_S}"
    response["Content-Disposition"] = "inline"
    return response
