"""The title's and skills' words as a stored tsvector column: short, so PostgreSQL keeps it in
the row (search_vector, ~2 kB, is TOASTed and each row tested costs a detour). Adding a stored
generated column rewrites jobs_job under an exclusive lock: ~20 s at 115k jobs; its GIN index is
built concurrently afterwards, and the search's tier-1 expression index, which it replaces, is
dropped. Non-atomic for those."""

import django.contrib.postgres.search
import django.db.models.expressions
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobs", "0013_perf_application_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="title_skills_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.RawSQL(
                    "to_tsvector('english'::regconfig, title::text || ' ' || jobs_job_skills_text(skills))", ()
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        AddIndexConcurrently(
            model_name="job",
            index=GinIndex(fields=["title_skills_vector"], name="jobs_job_title_skills_vec_idx"),
        ),
        # The search's title-and-skills tier reads the column now (Matches "title_skills"):
        # the expression index of migration 0004 would only cost writes.
        migrations.RunSQL(
            "DROP INDEX CONCURRENTLY IF EXISTS jobs_job_title_skills_fts_idx;",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_job_title_skills_fts_idx ON jobs_job "
            "USING gin (to_tsvector('english'::regconfig, title || ' ' || jobs_job_skills_text(skills)));",
        ),
        # Statistics on the new column now: the planner chooses between the walk and GIN by them.
        migrations.RunSQL("ANALYZE jobs_job;", migrations.RunSQL.noop),
    ]
