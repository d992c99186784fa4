"""The location filter's trigram index, built without locking writes to jobs.

CREATE INDEX CONCURRENTLY cannot run in a transaction, hence atomic = False. This is the
pattern for every index added to a big table (docs/operations.md).
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobs", "0002_database_maintained_rules"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="job",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["location"], name="jobs_job_location_trgm_idx", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
