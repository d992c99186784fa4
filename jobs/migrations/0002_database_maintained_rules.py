"""Rules the database keeps by itself, whatever writes the row (ORM, admin, COPY, psql).

- jobs_job.search_vector: title (A) > company name and skills (B) > description and
  requirements (C), English stemming. A stored GeneratedField cannot read the company's
  name from another table, so triggers keep it: on the job's own write, and on a company
  rename for all its jobs.
- jobs_applicationstatuschange is append-only: UPDATE is refused, except clearing
  changed_by when that user is deleted (on_delete=SET_NULL).
"""

from django.db import migrations

SEARCH_VECTOR_SQL = """
CREATE FUNCTION jobs_job_search_vector(job jobs_job) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', coalesce(job.title, '')), 'A')
        || setweight(to_tsvector('english',
               coalesce((SELECT name FROM jobs_company WHERE id = job.company_id), '')
               || ' ' || coalesce(array_to_string(job.skills, ' '), '')), 'B')
        || setweight(to_tsvector('english',
               coalesce(job.description, '') || ' ' || coalesce(job.requirements, '')), 'C')
$$;

CREATE FUNCTION jobs_job_search_vector_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := jobs_job_search_vector(NEW);
    RETURN NEW;
END
$$;

CREATE TRIGGER jobs_job_search_vector_trg
BEFORE INSERT OR UPDATE OF title, description, requirements, skills, company_id ON jobs_job
FOR EACH ROW EXECUTE FUNCTION jobs_job_search_vector_trg();

CREATE FUNCTION jobs_company_rename_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE jobs_job j SET search_vector = jobs_job_search_vector(j) WHERE j.company_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_company_rename_trg
AFTER UPDATE OF name ON jobs_company
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION jobs_company_rename_trg();
"""

SEARCH_VECTOR_REVERSE_SQL = """
DROP TRIGGER IF EXISTS jobs_company_rename_trg ON jobs_company;
DROP FUNCTION IF EXISTS jobs_company_rename_trg();
DROP TRIGGER IF EXISTS jobs_job_search_vector_trg ON jobs_job;
DROP FUNCTION IF EXISTS jobs_job_search_vector_trg();
DROP FUNCTION IF EXISTS jobs_job_search_vector(jobs_job);
"""

APPEND_ONLY_SQL = """
CREATE FUNCTION jobs_statuschange_append_only_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The one permitted edit: forgetting who made the change when that account is deleted.
    IF NEW.changed_by_id IS NULL AND OLD.changed_by_id IS NOT NULL
       AND (to_jsonb(NEW) - 'changed_by_id') = (to_jsonb(OLD) - 'changed_by_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'application status history is append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER jobs_statuschange_append_only_trg
BEFORE UPDATE ON jobs_applicationstatuschange
FOR EACH ROW EXECUTE FUNCTION jobs_statuschange_append_only_trg();
"""

APPEND_ONLY_REVERSE_SQL = """
DROP TRIGGER IF EXISTS jobs_statuschange_append_only_trg ON jobs_applicationstatuschange;
DROP FUNCTION IF EXISTS jobs_statuschange_append_only_trg();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(SEARCH_VECTOR_SQL, SEARCH_VECTOR_REVERSE_SQL),
        migrations.RunSQL(APPEND_ONLY_SQL, APPEND_ONLY_REVERSE_SQL),
    ]
