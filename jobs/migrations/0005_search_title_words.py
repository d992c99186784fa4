"""The words of published job titles, for correcting typos ("pyhton devloper").

A materialized view (word, jobs) with a trigram index: a query word found nowhere is
replaced by the closest title word, and the corrected query runs through full-text search
like any other, ranked the same. Comparing the query with 100k titles by trigrams instead
costs up to ~700 ms for a word whose trigrams are common ("accountnat"); the vocabulary
has a few thousand rows. Refreshed by `manage.py refresh_search_words` (concurrently,
hence the unique index); new words wait for the next refresh, and only typo correction
depends on them.
"""

from django.db import migrations

# The inner query is text (ts_stat runs it), so it names the schema: pg_restore runs with an
# empty search_path, where an unqualified jobs_job does not exist.
CREATE_SQL = """
CREATE MATERIALIZED VIEW jobs_search_word AS
    SELECT word, ndoc AS jobs
    FROM ts_stat($$SELECT to_tsvector('simple'::regconfig, title) FROM public.jobs_job WHERE status = 'published'$$);
CREATE UNIQUE INDEX jobs_search_word_uniq ON jobs_search_word (word);
CREATE INDEX jobs_search_word_trgm_idx ON jobs_search_word USING gin (word gin_trgm_ops);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0004_search_tier_indexes"),
    ]

    operations = [
        migrations.RunSQL(CREATE_SQL, "DROP MATERIALIZED VIEW IF EXISTS jobs_search_word;"),
    ]
