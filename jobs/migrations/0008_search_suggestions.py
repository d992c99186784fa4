"""What search-as-you-type suggests: the titles, companies and skills of published jobs.

The typo vocabulary (jobs_search_word, migration 0005) holds single title words, which is what
correcting a query needs; a suggestion is a whole title, company name or skill, so it gets a
materialized view of its own beside it, refreshed with it (jobs.search.refresh_search_words):
(kind, text, key, jobs), one row per distinct lower-cased text of each kind, shown as its most
common spelling, ranked by how many published jobs use it. A few thousand rows at 100k jobs.

- jobs_search_suggestion_uniq: REFRESH ... CONCURRENTLY needs a unique index on plain columns;
  also the row of one (kind, key).
- jobs_search_suggestion_trgm_idx: "contains what was typed" (key LIKE '%pyth%') and the typo
  fallback (word similarity, 'pyhton' <% key), both served by pg_trgm's GIN operator class.
"""

from django.db import migrations

CREATE_SQL = """
CREATE MATERIALIZED VIEW jobs_search_suggestion AS
    WITH published AS (
        SELECT j.title, j.skills, c.name AS company
        FROM public.jobs_job j JOIN public.jobs_company c ON c.id = j.company_id
        WHERE j.status = 'published'
    ), texts AS (
        SELECT 'title' AS kind, title AS text FROM published
        UNION ALL SELECT 'company', company FROM published
        UNION ALL SELECT 'skill', unnest(skills)::text FROM published
    )
    SELECT kind, mode() WITHIN GROUP (ORDER BY text) AS text, lower(text) AS key, count(*) AS jobs
    FROM texts
    WHERE btrim(text) <> ''
    GROUP BY kind, lower(text);
CREATE UNIQUE INDEX jobs_search_suggestion_uniq ON jobs_search_suggestion (kind, key);
CREATE INDEX jobs_search_suggestion_trgm_idx ON jobs_search_suggestion USING gin (key gin_trgm_ops);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0007_job_moderation"),
    ]

    operations = [
        migrations.RunSQL(CREATE_SQL, "DROP MATERIALIZED VIEW IF EXISTS jobs_search_suggestion;"),
    ]
