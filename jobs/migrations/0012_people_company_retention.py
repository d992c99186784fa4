"""Each company's retention of ended applications, and the index its nightly job reads.

The index is built concurrently (a big table stays writable), so the migration is not atomic.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("candidates", "0002_initial"),
        ("jobs", "0011_people_application_anonymised"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="retention_months",
            field=models.PositiveSmallIntegerField(
                default=12,
                help_text="Rejected and withdrawn applications are anonymised after this many months (1 to 60): your counts stay, the candidate's data goes.",
                verbose_name="keep ended applications for (months)",
            ),
        ),
        AddIndexConcurrently(
            model_name="application",
            index=models.Index(
                condition=models.Q(("anonymised_at__isnull", True), ("status__in", ["rejected", "withdrawn"])),
                fields=["updated_at"],
                name="jobs_app_retention_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="company",
            constraint=models.CheckConstraint(
                condition=models.Q(("retention_months__gte", 1), ("retention_months__lte", 60)),
                name="jobs_company_retention_months_range_check",
                violation_error_message="Keep ended applications between 1 and 60 months.",
            ),
        ),
    ]
