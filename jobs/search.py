"""The job search: one call for the /jobs/ page (``search_page``), one for GET /api/v1/jobs/
(``search_api_page``), both reading the same parameters (``jobs.filters``), both cached until
the jobs change (``jobs.caching``). How a search reads the table (tiers, typos, cursors) is
``Job.objects.search(q)``, in ``jobs.models.search_query``.

Each caller says how its results are presented (the page renders HTML, the API serializes
JSON) and what is cached is the presented form, so that a hot search costs one cache read.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import AnyUser, User
from candidates.models import SavedJob
from jobs.caching import CachedSearch
from jobs.filters import JobFilter, search_params
from jobs.models import Application, Job
from jobs.models.search_query import MAX_PAGE, InvalidCursor, Ordering, SearchResults, clean_query, suggest

PER_PAGE = 20
# Counts of the results per job type and per work place: {"job_type": {"full_time": 12, ...}, ...}
type Facets = dict[str, dict[str, int]]


def refresh_search_words() -> int:
    """Rebuild the title vocabulary of typo correction (migration 0005) and the suggestions
    shown as one types (migration 0007) without blocking searches; returns the vocabulary's
    size. Run every few minutes (docs/operations.md)."""
    with connection.cursor() as cursor:
        cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY jobs_search_word")
        cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY jobs_search_suggestion")
        cursor.execute("SELECT count(*) FROM jobs_search_word")
        (size,) = cursor.fetchone()
        return int(size)


def published_jobs_filter(params: QueryDict) -> JobFilter:
    """The filters of a search over the jobs a visitor may see, bound to ``params`` (validated)."""
    job_filter = JobFilter(params, queryset=Job.objects.published().for_cards())
    job_filter.is_valid()
    return job_filter


# --- Suggestions as one types ---------------------------------------------------------------------

SUGGESTIONS_CACHE_TIMEOUT_S = 300  # the vocabulary itself changes only every few minutes
SUGGESTIONS_LIMIT = 8


def search_suggestions(typed: str) -> list[dict[str, str]]:
    """Titles, companies and skills for what is being typed ({"kind", "text"} each), the same
    for everyone: cached by the lower-cased text for a few minutes, a query on a miss."""
    typed = clean_query(typed).lower()[:60]
    key = f"jobs:suggest:{hashlib.sha256(typed.encode()).hexdigest()[:32]}"
    cached = cache.get(key)
    if cached is not None:
        return list(cached)
    found = [{"kind": kind, "text": text} for kind, text in suggest(typed, SUGGESTIONS_LIMIT)]
    cache.set(key, found, SUGGESTIONS_CACHE_TIMEOUT_S)
    return found


# --- The page: numbered pages, facet counts ------------------------------------------------------


@dataclass
class ResultsPage:
    """One numbered page of results, and what its pagination links need."""

    results: SearchResults
    number: int
    params: QueryDict

    @property
    def q(self) -> str:
        return self.params.get("q", "")

    @property
    def last_page(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.results.total // PER_PAGE)))

    @property
    def previous_page(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.number + 1 if self.number < self.last_page else None

    @property
    def query_string(self) -> str:
        """The search's parameters without the page number, for the pagination links."""
        query = self.params.copy()
        query.pop("page", None)
        return query.urlencode()


@dataclass
class PageSearch:
    """What the /jobs/ page shows: the filters as typed (with their errors), the presented
    results, and counts per job type and work place (empty when not counted)."""

    filter: JobFilter
    presented: str
    facets: Facets = field(default_factory=dict)


def page_number(value: Any) -> int:
    try:
        return max(1, min(int(value), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def search_page(params: QueryDict, *, user: AnyUser, present: Callable[[ResultsPage], str]) -> PageSearch:
    """The page's search. Anonymous visitors all see the same results: they are cached as
    presented, so a hot search costs one cache read and no query. A signed-in candidate sees
    their own applied/saved marks: the page's job ids are cached and the jobs read again."""
    params = search_params(params, "sort", "page")
    number = page_number(params.get("page"))
    job_filter = published_jobs_filter(params)
    if user.is_authenticated:
        results, facets = _results_and_facets(job_filter, params, number)
        mark_candidate_state(results.jobs, user)
        return PageSearch(job_filter, present(ResultsPage(results, number, params)), facets)
    # Rendered in the visitor's language and time zone: each pair has its own entry.
    rendered_for = {"lang": get_language(), "tz": timezone.get_current_timezone_name()}
    entry = CachedSearch("html", {**rendered_for, "page": number, **dict(params.lists())})
    if entry.value is None:
        results, facets = _results_and_facets(job_filter, params, number)
        mark_candidate_state(results.jobs, user)
        entry.store((present(ResultsPage(results, number, params)), facets))
    presented, facets = entry.value
    return PageSearch(job_filter, presented, facets)


def _results_and_facets(job_filter: JobFilter, params: QueryDict, number: int) -> tuple[SearchResults, Facets]:
    """The page of results and the facet counts, cached by value (the page as job ids)."""
    key = {"page": number, **{name: params.getlist(name) for name in params if name != "page"}}
    entry = CachedSearch("page", key)
    if entry.value is None:
        filtered = job_filter.qs if job_filter.is_valid() else Job.objects.none()
        search = filtered.search(params.get("q"), params.get("sort"))
        results = search.page(number, PER_PAGE)
        facets: Facets = {}
        # Counts per type only when the result is small enough to have been counted exactly:
        # grouping a broad search's 20,000 matches costs more than the search (docs/performance.md).
        if not results.total_is_capped and results.total:
            facets = {"job_type": {}, "location_type": {}}
            pairs = search.matching().order_by().values_list("job_type", "location_type").annotate(n=Count("pk"))
            for job_type, location_type, n in pairs:
                facets["job_type"][job_type] = facets["job_type"].get(job_type, 0) + n
                facets["location_type"][location_type] = facets["location_type"].get(location_type, 0) + n
        entry.store((replace(results, jobs=[job.pk for job in results.jobs]), facets))
        return results, facets
    results, facets = entry.value
    jobs_by_id = Job.objects.for_cards().in_bulk(results.jobs)
    return replace(results, jobs=[jobs_by_id[pk] for pk in results.jobs if pk in jobs_by_id]), facets


def mark_candidate_state(jobs: list[Job], user: AnyUser) -> None:
    """Set ``has_applied`` and ``is_saved`` on a page of jobs: for a signed-in candidate, one
    query each for the whole page; for anyone else, none."""
    applied: set[int] = set()
    saved: set[int] = set()
    ids = [job.pk for job in jobs]
    if ids and isinstance(user, User) and user.is_candidate:
        live = Application.objects.submitted_by(user).live().filter(job__in=ids)
        applied = set(live.values_list("job", flat=True))
        saved = set(SavedJob.objects.filter(candidate__user=user, job__in=ids).values_list("job", flat=True))
    for job in jobs:
        job.has_applied, job.is_saved = job.pk in applied, job.pk in saved


# --- The API: cursors -----------------------------------------------------------------------------


class InvalidSearch(ValueError):
    """Parameters the search cannot run with: ``errors`` maps each to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class CursorPage:
    next_cursor: str | None
    fuzzy: bool
    corrected_query: str | None
    results: Any  # as presented


def search_api_page(params: QueryDict, *, present: Callable[[list[Job]], Any]) -> CursorPage:
    """The API's search: the page after ``cursor``, stable while jobs are published, cached
    as presented (the same for every caller, signed in or not)."""
    ordering = params.get("ordering") or None
    if ordering and ordering not in Ordering.CHOICES:
        raise InvalidSearch({"ordering": [_("Choose one of: %s.") % ", ".join(Ordering.CHOICES)]})
    job_filter = published_jobs_filter(params)
    if job_filter.errors:
        raise InvalidSearch({name: list(messages) for name, messages in job_filter.errors.items()})
    entry = CachedSearch("api", dict(search_params(params, "ordering", "cursor").lists()))
    if entry.value is None:
        try:
            results = job_filter.qs.search(params.get("q"), ordering).after(params.get("cursor"))
        except InvalidCursor:
            message = _("This cursor is not valid: start again from the first page.")
            raise InvalidSearch({"cursor": [message]}) from None
        entry.store(CursorPage(results.next_cursor, results.fuzzy, results.corrected_q, present(results.jobs)))
    page: CursorPage = entry.value
    return page


# --- Replays: alerts and feeds ---------------------------------------------------------------------


def search_matching(params: QueryDict) -> "QuerySet[Job]":
    """Every published job the search of ``params`` finds, unordered and unpaginated: what an
    alert replays (jobs.search's parser and filters, the words as typed: no typo fallback).
    Parameters the filters reject match nothing."""
    job_filter = JobFilter(search_params(params), queryset=Job.objects.published())
    filtered = job_filter.qs if job_filter.is_valid() else Job.objects.none()
    return filtered.search(params.get("q")).matching()


def search_first_page(params: QueryDict) -> SearchResults:
    """The first page of the search of ``params``, as /jobs/ shows it to a visitor: what a
    search's feed lists (same parser, same filters, same order)."""
    params = search_params(params, "sort")
    job_filter = published_jobs_filter(params)
    filtered = job_filter.qs if job_filter.is_valid() else Job.objects.none()
    return filtered.search(params.get("q"), params.get("sort")).page(1, PER_PAGE)
