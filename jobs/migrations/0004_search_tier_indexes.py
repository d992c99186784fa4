"""Indexes for ranking search results by where the words are, without reading search_vector.

search_vector (migration 0002) holds every word of a job, weighted; most of it is the
description, so it is usually TOASTed and reading it costs a detour per row. Ranking
"title before company/skills before description" by checking the weights of each match
(ts_rank, or a weight-restricted tsquery) reads the vector of every match: ~0.3-1 s for a
common word at 100k jobs. These expression indexes answer "is it in the title?" and "is it
in the title or skills?" from the inline columns, so the planner can either walk the recency
index and test a few rows cheaply (common words) or read the matches from GIN (rare words).
Plain (not partial) indexes, because ANALYZE keeps statistics on their expressions and the
planner needs them to choose between the two plans. Company names get their own index for
the company part of the second tier. Built CONCURRENTLY: writes to jobs are never blocked.
"""

from django.db import migrations

SKILLS_TEXT_FUNCTION = """
CREATE OR REPLACE FUNCTION jobs_job_skills_text(skills varchar[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(array_to_string(skills, ' '), '') $$;
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobs", "0003_search_location_trgm_index"),
    ]

    operations = [
        migrations.RunSQL(SKILLS_TEXT_FUNCTION, "DROP FUNCTION IF EXISTS jobs_job_skills_text(varchar[]);"),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_job_title_fts_idx "
            "ON jobs_job USING gin (to_tsvector('english'::regconfig, title));",
            "DROP INDEX CONCURRENTLY IF EXISTS jobs_job_title_fts_idx;",
        ),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_job_title_skills_fts_idx "
            "ON jobs_job USING gin (to_tsvector('english'::regconfig, title || ' ' || jobs_job_skills_text(skills)));",
            "DROP INDEX CONCURRENTLY IF EXISTS jobs_job_title_skills_fts_idx;",
        ),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_company_name_fts_idx "
            "ON jobs_company USING gin (to_tsvector('english'::regconfig, name));",
            "DROP INDEX CONCURRENTLY IF EXISTS jobs_company_name_fts_idx;",
        ),
        # Statistics on the new expressions now, not at the next autovacuum.
        migrations.RunSQL("ANALYZE jobs_job; ANALYZE jobs_company;", migrations.RunSQL.noop),
    ]
