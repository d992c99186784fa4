"""Read-only views of PostgreSQL's own statistics, for the staff monitoring page.

The seeds' monitoring library (004 part 4), as plain SQL over the catalogue views. Every
query is bounded (LIMIT) and reads statistics only, never user tables.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[tuple]
    note: str = ""


def _query(sql: str, params=()) -> tuple[list[str], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [c.name for c in cursor.description], cursor.fetchall()


SLOWEST_STATEMENTS = """
SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS statement, calls,
       round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 2) AS mean_ms,
       rows
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY total_exec_time DESC LIMIT 15
"""
INDEX_USAGE = """
SELECT relname AS table, indexrelname AS index, idx_scan AS scans,
       pg_size_pretty(pg_relation_size(indexrelid)) AS size
FROM pg_stat_user_indexes ORDER BY idx_scan DESC LIMIT 20
"""
UNUSED_INDEXES = """
SELECT s.relname AS table, s.indexrelname AS index, pg_size_pretty(pg_relation_size(s.indexrelid)) AS size
FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
ORDER BY pg_relation_size(s.indexrelid) DESC LIMIT 20
"""
CACHE_HIT_RATIO = """
SELECT 'tables' AS kind,
       round(100.0 * sum(heap_blks_hit) / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0), 2) AS hit_percent
FROM pg_statio_user_tables
UNION ALL
SELECT 'indexes', round(100.0 * sum(idx_blks_hit) / nullif(sum(idx_blks_hit) + sum(idx_blks_read), 0), 2)
FROM pg_statio_user_indexes
"""
TABLE_SIZES = """
SELECT c.relname AS table, c.reltuples::bigint AS estimated_rows,
       pg_size_pretty(pg_table_size(c.oid)) AS table_size,
       pg_size_pretty(pg_indexes_size(c.oid)) AS indexes_size,
       pg_size_pretty(pg_total_relation_size(c.oid)) AS total
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname = 'public'
ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 20
"""
CONNECTIONS = """
SELECT coalesce(state, 'background') AS state, count(*) AS connections
FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 2 DESC
"""
LONG_RUNNING = """
SELECT pid, state, round(extract(epoch FROM now() - query_start)::numeric, 1) AS seconds,
       wait_event_type, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
FROM pg_stat_activity
WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()
  AND now() - query_start > interval '1 second'
ORDER BY query_start LIMIT 20
"""
BLOCKED = """
SELECT blocked.pid AS blocked_pid, left(blocked.query, 100) AS blocked_query,
       blocking.pid AS blocking_pid, left(blocking.query, 100) AS blocking_query,
       round(extract(epoch FROM now() - blocked.query_start)::numeric, 1) AS waiting_seconds
FROM pg_stat_activity blocked
JOIN LATERAL unnest(pg_blocking_pids(blocked.pid)) AS b(pid) ON true
JOIN pg_stat_activity blocking ON blocking.pid = b.pid
WHERE blocked.datname = current_database() LIMIT 20
"""


def slowest_statements() -> Section:
    title = _("Slowest statements (pg_stat_statements)")
    try:
        with transaction.atomic():  # a failure must not poison the rest of the page
            columns, rows = _query(SLOWEST_STATEMENTS)
    except DatabaseError:
        note = _(
            "pg_stat_statements is not available. Add it to shared_preload_libraries in postgresql.conf, "
            "restart PostgreSQL, then run CREATE EXTENSION pg_stat_statements; in this database."
        )
        return Section(title, [], [], note)
    return Section(title, columns, rows)


# Columns holding SQL text: it can carry what people typed (an email searched for, a name) as
# literals, so only superusers see it; other staff see the figures.
QUERY_TEXT_COLUMNS = frozenset({"statement", "query", "blocked_query", "blocking_query"})


def without_query_text(section: Section) -> Section:
    keep = [index for index, column in enumerate(section.columns) if column not in QUERY_TEXT_COLUMNS]
    if len(keep) == len(section.columns):
        return section
    return Section(
        section.title,
        [section.columns[index] for index in keep],
        [tuple(row[index] for index in keep) for row in section.rows],
        section.note or _("The query text is shown to superusers only."),
    )


def report(*, show_query_text: bool) -> list[Section]:
    sections = [slowest_statements()]
    for title, sql in [
        (_("Cache hit ratio (should stay above 99%)"), CACHE_HIT_RATIO),
        (_("Connections by state"), CONNECTIONS),
        (_("Queries running for more than a second"), LONG_RUNNING),
        (_("Blocked queries and who blocks them"), BLOCKED),
        (_("Largest tables"), TABLE_SIZES),
        (_("Most used indexes"), INDEX_USAGE),
        (_("Indexes never used since statistics were reset"), UNUSED_INDEXES),
    ]:
        columns, rows = _query(sql)
        sections.append(Section(title, columns, rows))
    # The apps' own figures (alerts sent per day...): the kernel imports no app, settings name them.
    for path in settings.MONITORING_SECTIONS:
        sections.extend(import_string(path)())
    return sections if show_query_text else [without_query_text(section) for section in sections]
