"""The membership lifecycle (issue 12): invitations expire, and a company keeps an owner.

- jobs_companyinvitation.expires_at: 7 days after sending; the invitations sent before this
  migration count from when they were created.
- jobs_employer_company_has_owner_trg: a deferred constraint trigger. At commit, a company whose
  owner row was deleted or demoted must still have an owner, unless the company itself is gone
  (deleting a company deletes its members) or the owner's account is (deleting an account is
  its own action, with its own rules: the staff then give the company a new owner). Deferred,
  so that a transaction may hand ownership over in any order (promote, then demote) and is
  judged on its result.
"""

from django.db import migrations, models

import jobs.models.companies

LAST_OWNER_SQL = """
CREATE FUNCTION jobs_employer_company_has_owner_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM jobs_company WHERE id = OLD.company_id)
       AND EXISTS (SELECT 1 FROM accounts_user WHERE id = OLD.user_id)
       AND NOT EXISTS (SELECT 1 FROM jobs_employer WHERE company_id = OLD.company_id AND role = 'owner') THEN
        RAISE EXCEPTION 'company % would have no owner', OLD.company_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'jobs_employer_company_has_owner_check';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER jobs_employer_company_has_owner_trg
AFTER DELETE OR UPDATE OF role, company_id ON jobs_employer
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (OLD.role = 'owner')
EXECUTE FUNCTION jobs_employer_company_has_owner_trg();
"""

LAST_OWNER_REVERSE_SQL = """
DROP TRIGGER IF EXISTS jobs_employer_company_has_owner_trg ON jobs_employer;
DROP FUNCTION IF EXISTS jobs_employer_company_has_owner_trg();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0009_application_withdrawal_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="companyinvitation",
            name="expires_at",
            field=models.DateTimeField(default=jobs.models.companies.invitation_expiry, verbose_name="expires"),
        ),
        migrations.RunSQL(
            "UPDATE jobs_companyinvitation SET expires_at = created_at + interval '7 days'",
            migrations.RunSQL.noop,
        ),
        migrations.AddConstraint(
            model_name="companyinvitation",
            constraint=models.CheckConstraint(
                condition=models.Q(("expires_at__gt", models.F("created_at"))),
                name="jobs_invitation_expires_after_created_check",
            ),
        ),
        migrations.RunSQL(LAST_OWNER_SQL, LAST_OWNER_REVERSE_SQL),
    ]
