"""The words of published job titles, for correcting typos ("pyhton devloper").

A materialized view (word, jobs) with a trigram index: a query word found nowhere is
replaced by the closest title word, and the corrected query runs through full-text search
like any other, ranked the same. Comparing the query with 100k titles by trigrams instead
costs up to ~700 ms for a word whose trigrams are common ("accountnat"); the vocabulary
has a few thousand rows. Refreshed by `manage.py refresh_search_words` (concurrently,
hence the unique index); new words wait for the next refresh, and only typo correction
depends on them. (A plain query, not ts_stat('...'): pg_restore refreshes the view with an
empty search_path, where a table named inside a string is not found.)
"""

from django.db import migrations

CREATE_SQL = """
CREATE MATERIALIZED VIEW jobs_search_word AS
    SELECT word.lexeme AS word, count(*) AS jobs
    FROM jobs_job, unnest(to_tsvector('simple'::regconfig, jobs_job.title)) AS word
    WHERE jobs_job.status = 'published'
    GROUP BY word.lexeme;
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
