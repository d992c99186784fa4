"""A candidate keeps at most 10 CVs: enforced by a trigger, for every path that inserts a CV
(the services check first under the profile's row lock, to refuse before storing the file)."""

from django.db import migrations

CV_LIMIT_SQL = """
CREATE FUNCTION candidates_cv_at_most_10() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Two inserts for one candidate wait for each other here, so both cannot count 9.
    PERFORM 1 FROM candidates_candidateprofile WHERE id = NEW.candidate_id FOR UPDATE;
    IF (SELECT count(*) FROM candidates_cv WHERE candidate_id = NEW.candidate_id) >= 10 THEN
        RAISE EXCEPTION 'candidates_cv_at_most_10_check: a candidate keeps at most 10 CVs'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'candidates_cv_at_most_10_check';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER candidates_cv_at_most_10_trg BEFORE INSERT ON candidates_cv
    FOR EACH ROW EXECUTE FUNCTION candidates_cv_at_most_10();
"""
CV_LIMIT_REVERSE_SQL = """
DROP TRIGGER candidates_cv_at_most_10_trg ON candidates_cv;
DROP FUNCTION candidates_cv_at_most_10();
"""


class Migration(migrations.Migration):
    dependencies = [("candidates", "0002_initial")]

    operations = [migrations.RunSQL(CV_LIMIT_SQL, CV_LIMIT_REVERSE_SQL)]
