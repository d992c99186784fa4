import json
from dataclasses import replace

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from candidates.models import SavedJob
from jobs import services
from jobs.filters import JobFilter, search_params
from jobs.models import Application, Company, Job, JobStatus, JobType, LocationType
from jobs.search import (
    MAX_PAGE,
    CachedSearch,
    Ordering,
    SearchResults,
)

PER_PAGE = 20
# The form sends only the visitor's own choice: "" (best match) is relevance with words and
# newest without, so a first search typed on the unfiltered list is ranked, not sorted by date.
SORT_CHOICES = [("", _("Best match")), (Ordering.NEWEST, _("Newest")), (Ordering.SALARY, _("Salary"))]


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def search_jobs(params, job_filter: JobFilter, *, page: int) -> tuple[SearchResults, dict]:
    """The page of results and the facet counts for these GET parameters, cached by value."""
    entry = CachedSearch("page", {"page": page, **{name: params.getlist(name) for name in params if name != "page"}})
    if entry.value is None:
        filtered = job_filter.qs if job_filter.is_valid() else Job.objects.none()
        search = filtered.search(params.get("q"), params.get("sort"))
        results = search.page(page, PER_PAGE)
        facets = {}
        # Counts per type only when the result is small enough to have been counted exactly:
        # grouping a broad search's 20,000 matches costs more than the search (docs/performance.md).
        if not results.total_is_capped and results.total:
            facets = {"job_type": {}, "location_type": {}}
            pairs = search.matching().order_by().values_list("job_type", "location_type").annotate(n=Count("pk"))
            for job_type, location_type, n in pairs:
                facets["job_type"][job_type] = facets["job_type"].get(job_type, 0) + n
                facets["location_type"][location_type] = facets["location_type"].get(location_type, 0) + n
        # The page is cached as its job ids: the jobs themselves are read again (one query).
        entry.store((replace(results, jobs=[job.pk for job in results.jobs]), facets))
        return results, facets
    results, facets = entry.value
    jobs_by_id = Job.objects.for_cards().in_bulk(results.jobs)
    return replace(results, jobs=[jobs_by_id[pk] for pk in results.jobs if pk in jobs_by_id]), facets


def mark_candidate_state(jobs: list[Job], user) -> None:
    """Set ``has_applied`` and ``is_saved`` on a page of jobs for a signed-in candidate:
    one query each for the whole page, none for anyone else."""
    applied = saved = set()
    ids = [job.pk for job in jobs]
    if ids and getattr(user, "is_candidate", False):
        live = Application.objects.live()
        applied = set(live.filter(candidate__user=user, job__in=ids).values_list("job", flat=True))
        saved = set(SavedJob.objects.filter(candidate__user=user, job__in=ids).values_list("job", flat=True))
    for job in jobs:
        job.has_applied, job.is_saved = job.pk in applied, job.pk in saved


def _facet_options(choices, counts: dict) -> list[tuple]:
    """(value, label, count or None when not counted) for a filter's select."""
    return [(value, label, counts.get(value, 0) if counts else None) for value, label in choices.choices]


@require_GET
@vary_on_headers("HX-Request")  # one URL, a page or a fragment: caches must keep them apart
def job_list(request):
    params = search_params(request.GET, "sort", "page")
    page = _page_number(params.get("page"))
    job_filter = JobFilter(params, queryset=Job.objects.published().for_cards())
    job_filter.is_valid()  # the form shows its errors; the search then shows nothing
    # Anonymous visitors all see the same list: it is cached rendered, so a hot search costs
    # one cache read and no query. Signed-in candidates see their own applied/saved state.
    shared = not request.user.is_authenticated
    fragment = CachedSearch("html", {"lang": get_language(), "page": page, **dict(params.lists())}) if shared else None
    if fragment is None or fragment.value is None:
        results, facets = search_jobs(params, job_filter, page=page)
        mark_candidate_state(results.jobs, request.user)
        results_html = render_to_string("jobs/_results.html", _results_context(params, results, page), request)
        if fragment:
            fragment.store((results_html, facets))
    else:
        results_html, facets = fragment.value
    facet_groups = [
        (job_filter.form["job_type"], _facet_options(JobType, facets.get("job_type", {}))),
        (job_filter.form["location_type"], _facet_options(LocationType, facets.get("location_type", {}))),
    ]
    # htmx swaps in the results alone, except when it restores a page missing from its
    # history cache: that request also says HX-Request, and needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        facets_html = render_to_string(
            "jobs/_facet_filters.html", {"facet_groups": facet_groups, "out_of_band": True}, request
        )
        return HttpResponse(results_html + facets_html)
    context = {
        "results_html": results_html,
        "filter": job_filter,
        "q": request.GET.get("q", ""),
        "sort": request.GET.get("sort", ""),
        "sort_choices": SORT_CHOICES,
        "facet_groups": facet_groups,
        "other_fields": [job_filter.form[name] for name in ("location", "salary_min", "posted_within", "company")],
    }
    return render(request, "jobs/job_list.html", context)


def _results_context(params, results: SearchResults, page: int) -> dict:
    query = params.copy()
    query.pop("page", None)
    last_page = min(MAX_PAGE, max(1, -(-results.total // PER_PAGE)))
    return {
        "results": results,
        "q": params.get("q", ""),
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page < last_page else None,
        "last_page": last_page,
        "query_string": query.urlencode(),
    }


@require_GET
def job_detail(request, pk: int, slug: str):
    # Closed jobs stay readable (candidates who applied come back to them); drafts and archived don't.
    job = get_object_or_404(
        Job.objects.filter(status__in=[JobStatus.PUBLISHED, JobStatus.CLOSED])
        .for_listing()
        .defer("search_vector")
        .with_has_applied(request.user)
        .with_is_saved(request.user),
        pk=pk,
    )
    if job.slug != slug:
        raise Http404
    services.job_record_view(job=job)
    data = job_posting_data(request, job)
    return render(request, "jobs/job_detail.html", {"job": job, "job_posting": data and json_ld(data)})


# What json_script escapes: the JSON can then never close the <script> element or open a comment.
_JSON_LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> element (data, not code: the CSP is
    not involved), escaped like json_script so that no value can break out of the element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_LD_ESCAPES))  # noqa: S308


def job_posting_data(request, job: Job) -> dict | None:
    """schema.org JobPosting, so job search engines can index the offer (open jobs only)."""
    if not job.is_open:
        return None
    employment = {
        "full_time": "FULL_TIME",
        "part_time": "PART_TIME",
        "contract": "CONTRACTOR",
        "internship": "INTERN",
        "temporary": "TEMPORARY",
    }
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description,
        "datePosted": job.posted_at.isoformat(),
        "employmentType": employment[job.job_type],
        "hiringOrganization": {
            "@type": "Organization",
            "name": job.company.name,
            "sameAs": job.company.website or request.build_absolute_uri(job.company.get_absolute_url()),
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
        "url": request.build_absolute_uri(job.get_absolute_url()),
    }
    if job.expires_at:
        data["validThrough"] = job.expires_at.isoformat()
    if job.location_type == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
    return data


@require_GET
def company_detail(request, slug: str):
    company = get_object_or_404(Company, slug=slug)
    open_jobs = Job.objects.published().for_cards().filter(company=company).order_by("-posted_at", "-id")[:100]
    return render(request, "jobs/company_detail.html", {"company": company, "open_jobs": open_jobs})
