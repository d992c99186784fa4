"""Job search: web-search syntax, relevance tiers, typo tolerance, fast at 100k jobs.

Relevance without ts_rank: ranking every match costs ~100-200 ms for a common word
(thousands of rows, each weighted vector read and scored). Instead results come in tiers,
each read through an index in recency order and stopped after one page:

  tier 0  every search word is in the title            (weight A)
  tier 1  ... in the title, company name or skills     (weights A, B)
  tier 2  anywhere, description included               (weights A, B, C)

Within a tier the newest job comes first. That is the ranking the product asks for
(title > company/skills > description, ties to the newest), and each tier is a
`search_vector @@ query` that the GIN index or the recency index answers in milliseconds.

When full-text search finds nothing, the title's trigrams (pg_trgm) find near spellings:
"pyhton devloper" finds "Python Developer".
"""

import base64
import datetime
import hashlib
import json
import time
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.utils import timezone

# Longer input is cut: no one types more, and it bounds the parser's work.
MAX_QUERY_LENGTH = 200
# Results are counted exactly up to this many; beyond, the planner's estimate is shown
# ("about 24,000 jobs"): an exact count of a broad search costs more than the search itself.
# It also bounds how deep pages go.
COUNT_CAP = 1000
MAX_PAGE = COUNT_CAP // 20
TIER_WEIGHTS = ["A", "AB", ""]
FUZZY_TIER = len(TIER_WEIGHTS)
# Keep control characters and NULs away from the parser (PostgreSQL refuses NUL in text).
_CONTROL = dict.fromkeys(range(32), " ") | {0x7F: " "}


def clean_query(q: str | None) -> str:
    return " ".join((q or "").translate(_CONTROL).split())[:MAX_QUERY_LENGTH]


# One quoted lexeme in a tsquery's text form, doubled quotes included: '(''(?:[^'']|'''')*'')'
# written as an SQL string literal.
_LEXEME_SQL = "'(''(?:[^'']|'''')*'')'"


def parse_query(q: str) -> dict[str, str] | None:
    """The query as tsquery texts, whole ("") and with every word restricted to the title ("A")
    or to title, company and skills ("AB"); None when no word is left after stop words.

    Parsed once, in one round trip, then passed to PostgreSQL as constants: the planner
    estimates a constant tsquery from its statistics (a rare word takes the GIN index, a
    common one the recency index), which it cannot do for an expression.
    """
    if not q:
        return None
    restrict = "regexp_replace(t::text, " + _LEXEME_SQL + ", '\\1:{}', 'g')"
    sql = "SELECT numnode(t), t::text, {}, {} FROM websearch_to_tsquery('english', %s) t".format(  # noqa: S608
        restrict.format("A"), restrict.format("AB")
    )  # (only constants are formatted in; the user's text is the %s parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [q])
        nodes, whole, title, title_company_skills = cursor.fetchone()
    return {"": whole, "A": title, "AB": title_company_skills} if nodes else None


class Matches(Func):
    """``search_vector @@ <tsquery text>``, the text made by parse_query."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, tsquery: str):
        super().__init__(F("search_vector"))
        self.tsquery = tsquery

    def as_sql(self, compiler, connection, **extra):
        vector_sql, vector_params = compiler.compile(self.source_expressions[0])
        return f"{vector_sql} @@ %s::tsquery", [*vector_params, self.tsquery]


class Ordering:
    NEWEST = "newest"
    RELEVANCE = "relevance"
    SALARY = "salary"
    CHOICES = [RELEVANCE, NEWEST, SALARY]


# Within a tier: the keys of the order, newest (or best paid) first, id last for a total order.
ORDER_KEYS = {
    Ordering.NEWEST: ("posted_at", "id"),
    Ordering.RELEVANCE: ("posted_at", "id"),
    Ordering.SALARY: ("salary_max", "id"),
}


@dataclass
class SearchResults:
    jobs: list
    total: int
    total_is_estimate: bool
    fuzzy: bool = False
    ordering: str = Ordering.NEWEST
    next_cursor: str | None = None
    tiers: list[int] = field(default_factory=list)

    @property
    def total_display(self) -> str:
        return f"~{self.total:,}" if self.total_is_estimate else f"{self.total:,}"


def capped_count(queryset: QuerySet, cap: int | None = None) -> int:
    """COUNT(*) of at most ``cap`` rows (COUNT_CAP + 1 by default)."""
    return queryset.order_by().values("pk")[: (cap if cap is not None else COUNT_CAP + 1)].count()


def estimated_count(queryset: QuerySet) -> int:
    """The planner's estimate of the number of rows: no row is read."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # .none(), e.g. after invalid filters
        return 0
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else plan
    return int(plan["Plan"]["Plan Rows"])


def result_count(queryset: QuerySet) -> tuple[int, bool]:
    """(count, is_estimate): exact when the planner expects a small result, else its estimate
    rounded to two significant digits (the page says "about")."""
    estimate = estimated_count(queryset)
    if estimate <= COUNT_CAP:
        exact = capped_count(queryset)
        if exact <= COUNT_CAP:
            return exact, False
        estimate = max(estimate, exact)
    digits = max(len(str(estimate)) - 2, 0)
    return round(estimate, -digits), True


class JobSearch:
    """One search: the cleaned query, an already filtered queryset and an ordering."""

    def __init__(self, queryset: QuerySet, q: str | None, ordering: str | None = None):
        self.q = clean_query(q)
        self.tsqueries = parse_query(self.q)
        self.has_words = self.tsqueries is not None
        self.base = queryset
        if ordering not in Ordering.CHOICES:
            ordering = Ordering.RELEVANCE if self.has_words else Ordering.NEWEST
        if ordering == Ordering.RELEVANCE and not self.has_words:
            ordering = Ordering.NEWEST
        self.ordering = ordering
        self._tiers: list[QuerySet] | None = None
        # Typo fallback: only when full-text search finds nothing at all (one EXISTS).
        self.fuzzy = self.has_words and not self.base.filter(Matches(self.tsqueries[""])).exists()

    # --- building blocks -------------------------------------------------------------------

    def tiers(self) -> list[QuerySet]:
        """Disjoint querysets whose concatenation is the result, in order."""
        if self._tiers is not None:
            return self._tiers
        if self.fuzzy:
            self._tiers = [self.fuzzy_tier()]
            return self._tiers
        if not self.has_words:
            tiers = [self.base]
        elif self.ordering != Ordering.RELEVANCE:
            tiers = [self.base.filter(Matches(self.tsqueries[""]))]
        else:
            matching = self.base.filter(Matches(self.tsqueries[""]))
            tiers, higher = [], Q()
            for weights in TIER_WEIGHTS:
                in_tier = Matches(self.tsqueries[weights]) if weights else Q()
                tiers.append(matching.filter(in_tier).exclude(higher) if higher else matching.filter(in_tier))
                higher = higher | Q(Matches(self.tsqueries[weights])) if weights else higher
        self._tiers = [self.order(t) for t in tiers]
        return self._tiers

    def matching(self) -> QuerySet:
        """Every result, unordered (for facet counts)."""
        if self.fuzzy:
            return self.base.filter(title__trigram_similar=self.q)
        return self.base.filter(Matches(self.tsqueries[""])) if self.has_words else self.base

    def order(self, queryset: QuerySet) -> QuerySet:
        first, last = ORDER_KEYS[self.ordering]
        return queryset.order_by(F(first).desc(), F(last).desc())

    def fuzzy_tier(self) -> QuerySet:
        """Titles that look like the query: the typo fallback when full-text search finds nothing."""
        return (
            self.base.filter(title__trigram_similar=self.q)
            .annotate(similarity=TrigramSimilarity("title", self.q))
            .order_by("-similarity", "-posted_at", "-id")
        )

    # --- pages (HTML: numbered pages) -------------------------------------------------------

    def page(self, number: int, per_page: int = 20) -> SearchResults:
        number = max(1, min(number, MAX_PAGE))
        total, is_estimate = result_count(self.matching())
        offset, wanted, jobs = (number - 1) * per_page, per_page, []
        for tier in self.tiers():
            rows = list(tier[offset : offset + wanted])
            if not rows and offset:
                # The page starts after this whole tier: it has at most `offset` rows, count them.
                offset -= capped_count(tier, cap=offset)
                continue
            jobs.extend(rows)
            wanted -= len(rows)
            offset = 0
            if wanted <= 0:
                break
        return SearchResults(
            jobs=jobs, total=total, total_is_estimate=is_estimate, fuzzy=self.fuzzy, ordering=self.ordering
        )

    # --- cursors (API: stable while jobs are published) ---------------------------------------

    def after(self, cursor: str | None, per_page: int = 20) -> SearchResults:
        """The page after ``cursor``: keyset pagination through the tiers, so a job published
        meanwhile (newer, hence before the cursor) never shifts or repeats a page."""
        position = decode_cursor(cursor)
        tiers = self.tiers()
        start_tier = min(position["tier"], len(tiers)) if position else 0
        jobs, origin = [], []
        for index in range(start_tier, len(tiers)):
            queryset = tiers[index]
            offset = 0
            if position and index == start_tier:
                if "offset" in position:  # similarity order has no keyset: an offset, bounded
                    offset = min(position["offset"], COUNT_CAP)
                else:
                    queryset = queryset.filter(self.keyset_filter(position))
            rows = list(queryset[offset : offset + per_page + 1 - len(jobs)])
            jobs.extend(rows)
            origin.extend([index] * len(rows))
            if len(jobs) > per_page:
                break
        has_more = len(jobs) > per_page
        jobs, origin = jobs[:per_page], origin[:per_page]
        next_cursor = None
        if has_more and jobs:
            last, tier = jobs[-1], origin[-1]
            if self.fuzzy:
                done = (position["offset"] if position else 0) + len(jobs)
                next_cursor = encode_cursor({"tier": tier, "offset": done})
            else:
                first, _ = ORDER_KEYS[self.ordering]
                next_cursor = encode_cursor({"tier": tier, "key": _jsonable(getattr(last, first)), "id": last.pk})
        return SearchResults(
            jobs=jobs,
            total=0,
            total_is_estimate=False,
            fuzzy=self.fuzzy,
            ordering=self.ordering,
            next_cursor=next_cursor,
        )

    def keyset_filter(self, position: dict) -> Q:
        first, _ = ORDER_KEYS[self.ordering]
        key = _parse_key(first, position["key"])
        if key is None:  # nulls come last: only ids decide among them
            return Q(**{f"{first}__isnull": True, "id__lt": position["id"]})
        return (
            Q(**{f"{first}__lt": key}) | Q(**{first: key, "id__lt": position["id"]}) | Q(**{f"{first}__isnull": True})
        )


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def _parse_key(field_name: str, value):
    if value is None:
        return None
    if field_name == "posted_at":
        parsed = datetime.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)
    return int(value)


def encode_cursor(position: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


class InvalidCursor(ValueError):
    pass


def decode_cursor(cursor: str | None) -> dict | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
        if not isinstance(position, dict) or not isinstance(position.get("tier"), int):
            raise InvalidCursor(cursor)
        if "offset" in position:
            position["offset"] = max(0, int(position["offset"]))
        else:
            int(position["id"])
            _parse_key("posted_at" if isinstance(position.get("key"), str) else "salary_max", position.get("key"))
        return position
    except (ValueError, TypeError, KeyError, json.JSONDecodeError) as error:
        raise InvalidCursor(cursor) from error


def posted_since(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


# --- Caching hot searches -------------------------------------------------------------------
# A search's result ids are cached under a key that includes a version number; any write to
# a job or a company bumps the version (jobs/signals.py), so a cached search is never staler
# than the last change. The short timeout bounds what expiry dates alone change.
SEARCH_CACHE_TIMEOUT_S = 60
SEARCH_VERSION_KEY = "jobs:search:version"


def search_version() -> int:
    version = cache.get(SEARCH_VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(SEARCH_VERSION_KEY, version, None)
    return version


def invalidate_search_cache() -> None:
    cache.set(SEARCH_VERSION_KEY, time.time_ns(), None)


def search_cache_key(kind: str, params: dict) -> str:
    payload = json.dumps(params, sort_keys=True, default=str)
    digest = hashlib.sha256(payload.encode()).hexdigest()[:32]
    return f"jobs:search:{search_version()}:{kind}:{digest}"
