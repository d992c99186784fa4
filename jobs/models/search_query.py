"""How a search reads the jobs table (``Job.objects.published().search(q)``): web-search
syntax, relevance tiers, typo tolerance, fast at 100k jobs. The search feature's entry points
for the page and the API, its cache and its facets are in ``jobs.search``.

Relevance without ts_rank: ranking every match costs ~100-200 ms for a common word
(thousands of rows, each weighted vector read and scored). Instead results come in tiers,
each read in recency order and stopped after one page:

  tier 0  the search matches the title                       (weight A)
  tier 1  ... the title and skills, or the company's name    (weights A, B)
  tier 2  anywhere, description included                     (search_vector)

Within a tier the newest job comes first. That is the ranking the product asks for
(title > company/skills > description, ties to the newest). Tiers 0 and 1 test expression
indexes on the short inline columns (migration 0004), never the large, TOASTed
search_vector, so the planner either walks the recency index testing a few rows (common
words) or reads the few matches from GIN (rare words): about a millisecond either way.

When full-text search finds nothing, the title's trigrams (pg_trgm) find near spellings:
"pyhton devloper" finds "Python Developer".
"""

import base64
import datetime
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler

if TYPE_CHECKING:  # postings.py imports this module: the name is for the annotations only
    from jobs.models.postings import Job

# Where a page of cursor pagination starts: {"tier": 0, "key": ..., "id": ...} or {"tier": 0, "offset": n}.
type Cursor = dict[str, Any]

# Longer input is cut: no one types more, and it bounds the parser's work.
MAX_QUERY_LENGTH = 200
# Results are counted up to this many ("more than 1,000 jobs"): an exact count of a broad
# search costs more than the search itself.
COUNT_CAP = 1000
# Above this many estimated rows the planner's estimate is trusted and nothing is counted:
# it would have to be off by half to turn "more than 1,000" false.
ESTIMATE_TRUSTED_ABOVE = 2 * COUNT_CAP
MAX_PAGE = COUNT_CAP // 20
# Below this many estimated matches a tier is read from GIN and sorted; above it, found by
# walking the recency index. Both cost about the same near sqrt(20 x jobs) matches: 1,400
# at 100k jobs, 4,500 at 1M; ten times more for tiers that read search_vector on the walk.
WALK_ABOVE = 3000
# A query naming more companies than this ("ltd") ranks only these by company name.
MAX_COMPANIES = 500
# Keep control characters and NULs away from the parser (PostgreSQL refuses NUL in text).
_CONTROL = dict.fromkeys(range(32), " ") | {0x7F: " "}
TSQUERY = "websearch_to_tsquery('english'::regconfig, %s)"


def clean_query(q: str | None) -> str:
    return " ".join((q or "").translate(_CONTROL).split())[:MAX_QUERY_LENGTH]


@dataclass
class ParsedQuery:
    has_words: bool = False  # "the", "-" or '""' keep no word once stop words go
    has_exclusion: bool = False  # "-java"
    has_phrase: bool = False  # '"data engineer"'
    company_ids: tuple[int, ...] = ()  # companies whose name matches (tier 1)


PARSE_QUERY_SQL = (
    "SELECT numnode(query) > 0, strpos(query::text, '!') > 0, strpos(query::text, '<') > 0, ARRAY("
    "SELECT id FROM jobs_company WHERE to_tsvector('english'::regconfig, name) @@ query LIMIT %s) "
    "FROM websearch_to_tsquery('english'::regconfig, %s) AS query"
)


def parse_query(q: str) -> ParsedQuery:
    """What the query holds, and the companies it names, in one round trip. The company ids
    go to the job queries as constants: the planner estimates them well, unlike a subquery."""
    if not q:
        return ParsedQuery()
    with connection.cursor() as cursor:
        cursor.execute(PARSE_QUERY_SQL, [MAX_COMPANIES, q])
        has_words, has_exclusion, has_phrase, company_ids = cursor.fetchone()
    return ParsedQuery(has_words, has_exclusion, has_phrase, tuple(company_ids))


# A word of the query that is in no title is replaced by the title word most like it.
_WORD = re.compile(r"\w+")
TYPO_SIMILARITY = 0.2  # pg_trgm's default 0.3 misses transpositions: pyhton/python is 0.27
CORRECT_WORDS_SQL = (
    "SELECT input, ARRAY(SELECT word FROM jobs_search_word WHERE word %% input "
    "ORDER BY similarity(word, input) DESC, jobs DESC LIMIT 5) "
    "FROM unnest(%s::text[]) AS input"
)


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    two neighbours ("pyhton") each cost 1."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def correct_typos(q: str) -> str:
    """``q`` with each word replaced by the closest word of a published job's title, the
    syntax (quotes, -, or) kept: "pyhton devloper" -> "python developer"."""
    words = sorted({word.lower() for word in _WORD.findall(q)} - {"or"})
    if not words:
        return q
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(TYPO_SIMILARITY)])
        cursor.execute(CORRECT_WORDS_SQL, [words])
        # Trigrams find the candidates; the fewest edits choose ("accountnat" is one swap from
        # "accountant", three deletions from "account", which has more trigrams in common).
        corrections = {
            word: min(candidates, key=lambda candidate: edit_distance(word, candidate))
            for word, candidates in cursor.fetchall()
            if candidates
        }
    return _WORD.sub(lambda match: corrections.get(match[0].lower(), match[0]), q)


# --- Suggestions as the visitor types (jobs_search_suggestion, migration 0007) -----------------

SUGGESTION_KINDS = ("title", "company", "skill")
SUGGEST_MIN_LENGTH = 2
# The suggestions first: those containing what was typed, those starting with it first, then
# the most used. When none contains it, the closest by trigrams ("pyhton" -> "Python developer").
SUGGEST_SQL = (
    "SELECT kind, text FROM jobs_search_suggestion WHERE key LIKE %(contains)s "
    "ORDER BY key LIKE %(starts)s DESC, jobs DESC, key LIMIT %(limit)s"
)
SUGGEST_SIMILAR_SQL = (
    "SELECT kind, text FROM jobs_search_suggestion WHERE %(typed)s <%% key "
    "ORDER BY word_similarity(%(typed)s, key) DESC, jobs DESC, key LIMIT %(limit)s"
)


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def suggest(typed: str, limit: int = 8) -> list[tuple[str, str]]:
    """(kind, text) pairs for what the visitor is typing: titles, companies and skills of
    published jobs, from the vocabulary that ``jobs.search.refresh_search_words`` refreshes."""
    typed = clean_query(typed).lower()[:60]
    if len(typed) < SUGGEST_MIN_LENGTH:
        return []
    escaped = _like_escaped(typed)
    params: dict[str, str | int] = {
        "contains": f"%{escaped}%",
        "starts": f"{escaped}%",
        "limit": limit,
        "typed": typed,
    }
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(SUGGEST_SQL, params)
        rows = cursor.fetchall()
        if not rows and len(typed) >= 3:
            threshold = str(TYPO_SIMILARITY)  # pg_trgm's default 0.6 misses "pyhton"
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [threshold])
            cursor.execute(SUGGEST_SIMILAR_SQL, params)
            rows = cursor.fetchall()
    return [(kind, text) for kind, text in rows]


class Matches(Func):
    """``<document> @@ websearch_to_tsquery('english', q)``, the document being one of the
    indexed forms below; the SQL must read exactly like the index expression to use it."""

    output_field = BooleanField()
    conditional = True
    DOCUMENTS = {
        "all": ("{}", ["search_vector"]),
        "title": ("to_tsvector('english'::regconfig, {})", ["title"]),
        # Stored (migration 0011), so testing a row reads ~100 bytes of it instead of
        # re-parsing the title and skills.
        "title_skills": ("{}", ["title_skills_vector"]),
    }

    def __init__(self, q: str, document: str = "all"):
        self.template_sql, fields = self.DOCUMENTS[document]
        super().__init__(*[F(name) for name in fields])
        self.q = q

    def as_sql(  # type: ignore[override]  # a fixed template: none of Func's formatting options
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        columns = [compiler.compile(expression)[0] for expression in self.source_expressions]  # plain columns
        return f"{self.template_sql.format(*columns)} @@ {TSQUERY}", [self.q]


class Ordering:
    NEWEST = "newest"
    RELEVANCE = "relevance"
    SALARY = "salary"
    CHOICES = [RELEVANCE, NEWEST, SALARY]


# Within a tier: the keys of the order, newest (or best paid) first, id last for a total order.
# Published jobs always have both (a database constraint), so no NULLs to place and the
# partial indexes (posted_at DESC, id DESC) and (salary_max DESC, id DESC) serve the order.
ORDER_KEYS = {
    Ordering.NEWEST: ("posted_at", "id"),
    Ordering.RELEVANCE: ("posted_at", "id"),
    Ordering.SALARY: ("salary_max", "id"),
}


@dataclass
class SearchResults:
    jobs: list[Any]  # Job rows, or their ids while cached
    total: int
    total_is_capped: bool
    fuzzy: bool = False  # nothing matched as typed: typos corrected or similar titles shown
    corrected_q: str | None = None  # the query actually run, when typos were corrected
    ordering: str = Ordering.NEWEST
    next_cursor: str | None = None

    @property
    def total_display(self) -> str:
        return f"{self.total:,}+" if self.total_is_capped else f"{self.total:,}"


def capped_count(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> int:
    """COUNT(*) of at most ``cap`` + 1 rows: exact for small results, "more than" for big ones."""
    return queryset.order_by().values("pk")[: cap + 1].count()


def estimated_count(queryset: QuerySet[Any]) -> int:
    """The planner's estimate of the rows, from statistics: no row is read."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # .none(): known empty without asking
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class JobSearch:
    """One search: the cleaned query, an already filtered queryset and an ordering."""

    def __init__(self, queryset: "QuerySet[Job]", q: str | None, ordering: str | None = None):
        self.q = clean_query(q)
        self.parsed = parse_query(self.q)
        self.has_words = self.parsed.has_words
        self.base = queryset
        if ordering not in Ordering.CHOICES:
            ordering = Ordering.RELEVANCE if self.has_words else Ordering.NEWEST
        if ordering == Ordering.RELEVANCE and not self.has_words:
            ordering = Ordering.NEWEST
        self.ordering = ordering
        self._tiers: list[QuerySet[Job]] | None = None
        self._tiers_read_vector: list[bool] = []
        self.corrected_q: str | None = None
        self.similar_titles = False
        self._typos_handled = not self.has_words

    @property
    def fuzzy(self) -> bool:
        return self.similar_titles or self.corrected_q is not None

    def fall_back_on_typos(self, *, known_empty: bool) -> bool:
        """When the query matches nothing as typed: the query with its unknown words replaced
        by the closest title words; failing that, titles that look like the query. Called
        when a page came back empty (``known_empty``: a first page, so nothing matches), so
        searches that find something pay nothing for it. Returns whether the search changed."""
        if self._typos_handled:
            return False
        self._typos_handled = True
        if not known_empty and self.has_matches():  # a page beyond the last one
            return False
        corrected = correct_typos(self.q)
        if corrected != self.q:
            as_typed = self.q, self.parsed
            self.q, self.parsed = corrected, parse_query(corrected)
            if self.has_matches():
                self.corrected_q = corrected
            else:
                self.q, self.parsed = as_typed
        self.similar_titles = self.corrected_q is None
        self._tiers = None
        return True

    def has_matches(self) -> bool:
        """Whether the query matches any job. The title and skills indexes answer most
        searches at once; for the rest, only GIN may answer: with LIMIT 1 the planner likes
        to read jobs one by one until a match, which for a word found nowhere means reading
        every search_vector (~0.9 s at 100k jobs)."""
        _, in_title_or_skills = self._indexed_conditions()
        if self.parsed.has_exclusion or self.parsed.has_phrase:
            in_title_or_skills &= Q(Matches(self.q))
        if self.base.filter(in_title_or_skills).exists():
            return True
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
            )
            return self.base.filter(Matches(self.q)).exists()

    # --- building blocks -------------------------------------------------------------------

    def tiers(self) -> "list[QuerySet[Job]]":
        """Disjoint querysets whose concatenation is the result, in order."""
        if self._tiers is None:
            tiers = self._unordered_tiers()
            self._tiers = [self.order(tier) for tier, _ in tiers]
            self._tiers_read_vector = [reads_vector for _, reads_vector in tiers]
        return self._tiers

    def _unordered_tiers(self) -> "list[tuple[QuerySet[Job], bool]]":
        """The tiers, each with whether it tests search_vector (TOASTed: costly per row)."""
        if self.similar_titles:
            return [(self.similar_titles_tier(), False)]
        if not self.has_words:
            return [(self.base, False)]
        if self.ordering != Ordering.RELEVANCE:
            return [(self.base.filter(Matches(self.q)), True)]
        in_title, in_title_or_skills = self._indexed_conditions()
        # An exclusion ("-java") must hold over the whole job, not just its title or skills.
        # A phrase may run from the title into the skills in the indexed text, where the job's
        # search_vector has the company name between them: checked on the whole job too.
        # (In the title alone the positions are those of search_vector: no check needed.)
        everywhere = Q(Matches(self.q))
        tier_0 = in_title & everywhere if self.parsed.has_exclusion else in_title
        tier_1 = in_title_or_skills & ~in_title
        if self.parsed.has_exclusion or self.parsed.has_phrase:
            tier_1 &= everywhere
        return [
            (self.base.filter(tier_0), self.parsed.has_exclusion),
            (self.base.filter(tier_1), self.parsed.has_exclusion or self.parsed.has_phrase),
            (self.base.filter(everywhere & ~in_title_or_skills), True),
        ]

    def _indexed_conditions(self) -> tuple[Q, Q]:
        """In the title; in the title and skills or the company's name (migration 0004)."""
        in_title = Q(Matches(self.q, "title"))
        in_title_or_skills = Q(Matches(self.q, "title_skills"))
        if self.parsed.company_ids:
            in_title_or_skills |= Q(company_id__in=self.parsed.company_ids)
        return in_title, in_title_or_skills

    def matching(self) -> "QuerySet[Job]":
        """Every result, unordered (for counts)."""
        if self.similar_titles:
            return self.base.filter(title__trigram_similar=self.q)
        return self.base.filter(Matches(self.q)) if self.has_words else self.base

    def count(self) -> tuple[int, bool]:
        """(count, is capped): the planner's estimate says when a result is surely big,
        else an exact count up to COUNT_CAP."""
        matching = self.matching()
        if estimated_count(matching) > ESTIMATE_TRUSTED_ABOVE:
            return COUNT_CAP, True
        total = capped_count(matching)
        return min(total, COUNT_CAP), total > COUNT_CAP

    def order(self, queryset: "QuerySet[Job]") -> "QuerySet[Job]":
        first, last = ORDER_KEYS[self.ordering]
        return queryset.order_by(F(first).desc(), F(last).desc())

    def read(self, index: int, tier: "QuerySet[Job]", start: int, stop: int) -> "list[Job]":
        """Rows ``start:stop`` of a tier. When the planner expects few matches, they are read
        from GIN and sorted, never found by walking the recency index: it walks when its
        estimate says a page of matches is near, and for a word that no title has (an
        estimate of ~0.1% from statistics) the walk tests every job: 9 s at 1M jobs."""
        walk_above = WALK_ABOVE * (10 if self._tiers_read_vector[index] else 1)  # a detour per row
        if self.has_words and not self.similar_titles and estimated_count(tier) < walk_above:
            first, last = ORDER_KEYS[self.ordering]
            zero = datetime.timedelta(0) if first == "posted_at" else 0
            # The same order through an expression no index provides; the page's ids sorted
            # from the jobs alone, then only those rows joined to their companies (joined
            # before the sort, all 5,000 companies were hashed for 2,000-10,000 matches:
            # ~10 ms, 30 ms at load 20).
            by_key = ((F(first) + Value(zero)).desc(), F(last).desc())
            page_ids = tier.order_by(*by_key).values("pk")[start:stop]
            return list(tier.filter(pk__in=page_ids).order_by(*by_key))
        return list(tier[start:stop])

    def similar_titles_tier(self) -> "QuerySet[Job]":
        """Titles that look like the query: the typo fallback when full-text search finds nothing."""
        return (
            self.base.filter(title__trigram_similar=self.q)
            .annotate(similarity=TrigramSimilarity("title", self.q))
            .order_by("-similarity", "-posted_at", "-id")
        )

    # --- pages (HTML: numbered pages) -------------------------------------------------------

    def page(self, number: int, per_page: int = 20) -> SearchResults:
        number = max(1, min(number, MAX_PAGE))
        jobs = self._jobs_of_page(number, per_page)
        if not jobs and self.fall_back_on_typos(known_empty=number == 1):
            jobs = self._jobs_of_page(number, per_page)
        total, capped = self.count()
        return SearchResults(
            jobs=jobs,
            total=total,
            total_is_capped=capped,
            fuzzy=self.fuzzy,
            corrected_q=self.corrected_q,
            ordering=self.ordering,
        )

    def _jobs_of_page(self, number: int, per_page: int) -> "list[Job]":
        """Read tier after tier; a tier is counted only when the page starts beyond it (deep
        pages), and then only up to that offset. The last tier is never counted: an offset
        past its end reads nothing anyway (a sort by date or salary has only that tier, and
        counting 980 matches to skip them cost ~470 ms at 100k jobs)."""
        offset = (number - 1) * per_page
        jobs: list[Job] = []
        tiers = self.tiers()
        for index, tier in enumerate(tiers):
            if offset and index < len(tiers) - 1:
                skipped = capped_count(tier, cap=offset)
                if skipped < offset:  # the page starts after this tier
                    offset -= skipped
                    continue
            rows = self.read(index, tier, offset, offset + per_page - len(jobs))
            jobs.extend(rows)
            offset = 0
            if len(jobs) >= per_page:
                break
        return jobs

    # --- cursors (API: stable while jobs are published) ---------------------------------------

    def after(self, cursor: str | None, per_page: int = 20) -> SearchResults:
        """The page after ``cursor``: keyset pagination through the tiers, so a job published
        meanwhile (newer, hence before the cursor) never shifts or repeats a page."""
        position = decode_cursor(cursor)
        jobs, origin = self._jobs_after(position, per_page)
        if not jobs and self.fall_back_on_typos(known_empty=position is None):
            jobs, origin = self._jobs_after(position, per_page)
        has_more = len(jobs) > per_page
        jobs, origin = jobs[:per_page], origin[:per_page]
        next_cursor = None
        if has_more and jobs:
            last, tier = jobs[-1], origin[-1]
            if self.similar_titles:
                done = (position.get("offset", 0) if position else 0) + len(jobs)
                next_cursor = encode_cursor({"tier": tier, "offset": done})
            else:
                first, _ = ORDER_KEYS[self.ordering]
                next_cursor = encode_cursor({"tier": tier, "key": _jsonable(getattr(last, first)), "id": last.pk})
        return SearchResults(
            jobs=jobs,
            total=0,
            total_is_capped=False,
            fuzzy=self.fuzzy,
            corrected_q=self.corrected_q,
            ordering=self.ordering,
            next_cursor=next_cursor,
        )

    def _jobs_after(self, position: Cursor | None, per_page: int) -> "tuple[list[Job], list[int]]":
        """Up to ``per_page`` + 1 jobs after ``position``, and the tier of each."""
        tiers = self.tiers()
        start_tier = min(position["tier"], len(tiers)) if position else 0
        jobs: list[Job] = []
        origin: list[int] = []
        for index in range(start_tier, len(tiers)):
            queryset = tiers[index]
            offset = 0
            if position and index == start_tier:
                if "offset" in position:  # similarity order has no keyset: an offset, bounded
                    offset = min(position["offset"], COUNT_CAP)
                else:
                    queryset = queryset.filter(self.keyset_filter(position))
            rows = self.read(index, queryset, offset, offset + per_page + 1 - len(jobs))
            jobs.extend(rows)
            origin.extend([index] * len(rows))
            if len(jobs) > per_page:
                break
        return jobs, origin

    def keyset_filter(self, position: Cursor) -> Q:
        first, _ = ORDER_KEYS[self.ordering]
        try:  # a cursor of another ordering (or a forged one) has a key of the wrong type
            key = _parse_key(first, position.get("key"))
        except (TypeError, ValueError) as error:
            raise InvalidCursor(position) from error
        if key is None:
            raise InvalidCursor(position)
        return Q(RowBefore(F(first), F("id"), values=(key, int(position["id"]))))


class RowBefore(Func):
    """``(a, b) < (x, y)``: a row comparison, which the (a DESC, b DESC) index answers as a range."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, *expressions: F, values: tuple[Any, ...]):
        super().__init__(*expressions)
        self.values = values

    def as_sql(  # type: ignore[override]  # a fixed template: none of Func's formatting options
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        columns = [compiler.compile(expression)[0] for expression in self.source_expressions]
        return f"({', '.join(columns)}) < ({', '.join(['%s'] * len(self.values))})", list(self.values)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def _parse_key(field_name: str, value: Any) -> datetime.datetime | int | None:
    if value is None:
        return None
    if field_name == "posted_at":
        parsed = datetime.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)
    return int(value)


def encode_cursor(position: Cursor) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


class InvalidCursor(ValueError):
    pass


def decode_cursor(cursor: str | None) -> Cursor | None:
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
