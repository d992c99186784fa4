"""The title's and skills' words as a stored tsvector column: short, so PostgreSQL keeps it in
the row (search_vector, ~2 kB, is TOASTed and each row tested costs a detour). Adding a stored
generated column rewrites jobs_job under an exclusive lock: ~20 s at 115k jobs; its GIN index is
built concurrently afterwards. Non-atomic for that index."""

import django.contrib.postgres.search
import django.db.models.expressions
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobs", "0010_perf_application_counts"),
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
        # Statistics on the new column now: the planner chooses between the walk and GIN by them.
        migrations.RunSQL("ANALYZE jobs_job;", migrations.RunSQL.noop),
    ]
