"""Applications can be anonymised: no candidate, anonymised_at set, checked by the database.

The status history stays append-only; besides forgetting who made a change (the account is
deleted), it may now forget what a note said (wiped when it names a deleted person or when its
application is anonymised): a note may become empty, nothing else may change.
"""

import django.db.models.deletion
from django.db import migrations, models

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION jobs_statuschange_append_only_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The permitted edits only forget: who made the change (that account is deleted) and what
    -- its note said (personal data being erased).
    IF (to_jsonb(NEW) - 'changed_by_id' - 'note') = (to_jsonb(OLD) - 'changed_by_id' - 'note')
       AND (NEW.changed_by_id IS NULL OR NEW.changed_by_id = OLD.changed_by_id)
       AND (NEW.note = '' OR NEW.note = OLD.note)
       AND (NEW.changed_by_id IS DISTINCT FROM OLD.changed_by_id OR NEW.note <> OLD.note) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'application status history is append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
"""

# 0002's function, as it was.
APPEND_ONLY_REVERSE_SQL = """
CREATE OR REPLACE FUNCTION jobs_statuschange_append_only_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.changed_by_id IS NULL AND OLD.changed_by_id IS NOT NULL
       AND (to_jsonb(NEW) - 'changed_by_id') = (to_jsonb(OLD) - 'changed_by_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'application status history is append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0002_initial"),
        ("jobs", "0010_access_membership_lifecycle"),
    ]

    operations = [
        migrations.RunSQL(APPEND_ONLY_SQL, APPEND_ONLY_REVERSE_SQL),
        migrations.AddField(
            model_name="application",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="anonymised"),
        ),
        migrations.AlterField(
            model_name="application",
            name="candidate",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="candidates.candidateprofile",
                verbose_name="candidate",
            ),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(("candidate__isnull", False), ("anonymised_at__isnull", False), _connector="OR"),
                name="jobs_application_candidate_or_anonymised_check",
            ),
        ),
    ]
