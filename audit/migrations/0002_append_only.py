"""The audit trail is append-only, kept by PostgreSQL whatever writes (ORM, admin, psql):

- UPDATE is refused, except forgetting a reference to a row that was deleted
  (on_delete=SET_NULL): a reference may become NULL, nothing else may change.
- DELETE is refused, except by retention (audit.services.audit_events_purge), which says so
  with the transaction-local setting intowork.audit_purge = 'on' (set_config(..., true)).

TRUNCATE, a table owner's maintenance statement, fires no row trigger: it is not an
application path (the test suite uses it to empty tables between browser tests).
"""

from django.db import migrations

APPEND_ONLY_SQL = """
CREATE FUNCTION audit_event_append_only_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    refs text[] := ARRAY['actor_id', 'subject_id', 'company_id', 'application_id', 'cv_id'];
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('intowork.audit_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only: only retention deletes its rows'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- The one permitted edit: references to deleted rows become NULL, nothing else changes.
    IF (to_jsonb(NEW) - refs) = (to_jsonb(OLD) - refs)
       AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
       AND (NEW.subject_id IS NULL OR NEW.subject_id = OLD.subject_id)
       AND (NEW.company_id IS NULL OR NEW.company_id = OLD.company_id)
       AND (NEW.application_id IS NULL OR NEW.application_id = OLD.application_id)
       AND (NEW.cv_id IS NULL OR NEW.cv_id = OLD.cv_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER audit_event_append_only_trg
BEFORE UPDATE OR DELETE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only_trg();
"""

APPEND_ONLY_REVERSE_SQL = """
DROP TRIGGER IF EXISTS audit_event_append_only_trg ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only_trg();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(APPEND_ONLY_SQL, APPEND_ONLY_REVERSE_SQL),
    ]
