"""Applications counted per job, status, furthest funnel stage and withdrawal reason, by the
database: the employer's dashboard, job list and application list read these rows instead of
counting applications and joining their history (one aggregate over a company's applications
and 2M history rows was 60-80 ms at 1M applications).

Statement-level triggers with transition tables, so that a bulk UPDATE or DELETE of a million
rows costs one grouped delta, not a million upserts; on jobs_application (its status, job or
withdrawal reason moves a count) and on jobs_applicationstatuschange (a history row can raise
the furthest stage an application reached). The history's trigger locks the applications it
touches first: a concurrent status change then waits, and each trigger computes its delta over
committed rows, so the counts stay exact under concurrency. TRUNCATE of either table, and any
statement writing more than 10,000 rows (a seed, a data migration), recounts everything instead.
"""

import django.db.models.deletion
from django.db import migrations, models

FUNCTIONS = """
-- FUNNEL_STAGES.index(status) in jobs/models/choices.py; 0 (applied) for the exits.
CREATE FUNCTION jobs_application_funnel_stage(status text) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE status WHEN 'viewed' THEN 1 WHEN 'shortlisted' THEN 2 WHEN 'interview' THEN 3
                      WHEN 'accepted' THEN 4 ELSE 0 END)::smallint
$$;

-- Add signed deltas to the counts. The existing rows are locked in key order first, so two
-- writers touching the same keys queue instead of deadlocking; the missing keys are inserted
-- (ON CONFLICT: a concurrent writer may insert the same key first).
CREATE FUNCTION jobs_applicationcount_add(
  job_ids bigint[], statuses text[], stages integer[], reasons text[], deltas integer[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM jobs_applicationcount c
  JOIN unnest(job_ids, statuses, stages, reasons) AS d(job_id, status, stage, reason)
    ON (c.job_id, c.status, c.furthest_stage, c.withdrawal_reason) = (d.job_id, d.status, d.stage, d.reason)
  ORDER BY c.job_id, c.status, c.furthest_stage, c.withdrawal_reason
  FOR UPDATE OF c;

  WITH delta AS (
    SELECT job_id, status, stage, reason, sum(n)::integer AS n
    FROM unnest(job_ids, statuses, stages, reasons, deltas) AS d(job_id, status, stage, reason, n)
    GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
  ), updated AS (
    UPDATE jobs_applicationcount c SET n = c.n + delta.n FROM delta
    WHERE (c.job_id, c.status, c.furthest_stage, c.withdrawal_reason)
        = (delta.job_id, delta.status, delta.stage, delta.reason)
    RETURNING c.job_id, c.status, c.furthest_stage, c.withdrawal_reason
  )
  INSERT INTO jobs_applicationcount (job_id, status, furthest_stage, withdrawal_reason, n)
  SELECT job_id, status, stage, reason, n FROM delta
  WHERE NOT EXISTS (
    SELECT 1 FROM updated u
    WHERE (u.job_id, u.status, u.furthest_stage, u.withdrawal_reason) = (delta.job_id, delta.status, delta.stage, delta.reason)
  )
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (job_id, status, furthest_stage, withdrawal_reason)
  DO UPDATE SET n = jobs_applicationcount.n + EXCLUDED.n;
END
$$;

-- Every count from scratch: the backfill, and after a TRUNCATE.
CREATE FUNCTION jobs_applicationcount_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM jobs_applicationcount;
  INSERT INTO jobs_applicationcount (job_id, status, furthest_stage, withdrawal_reason, n)
  SELECT a.job_id, a.status, greatest(jobs_application_funnel_stage(a.status), coalesce(h.stage, 0)),
         a.withdrawal_reason, count(*)
  FROM jobs_application a
  LEFT JOIN (
    SELECT application_id, max(jobs_application_funnel_stage(to_status)) AS stage
    FROM jobs_applicationstatuschange GROUP BY application_id
  ) h ON h.application_id = a.id
  GROUP BY 1, 2, 3, 4;
$$;

-- Whether a statement that wrote ``changed`` rows is bulk, in which case everything is recounted.
CREATE FUNCTION jobs_applicationcount_rebuilt_for(changed bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF changed <= 10000 THEN
    RETURN false;
  END IF;
  PERFORM jobs_applicationcount_rebuild();
  RETURN true;
END
$$;

-- Applications inserted (+1) or deleted (-1): counted with the history they have.
CREATE FUNCTION jobs_application_count_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A bulk statement (a seed's COPY, a data migration) recounts everything once, set-based:
  -- its transition table has no statistics, and the delta's joins over it can go quadratic.
  IF TG_OP = 'DELETE' THEN
    IF jobs_applicationcount_rebuilt_for((SELECT count(*) FROM old_rows)) THEN RETURN NULL; END IF;
  ELSIF jobs_applicationcount_rebuilt_for((SELECT count(*) FROM new_rows)) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM jobs_applicationcount_add(array_agg(job_id), array_agg(status), array_agg(stage), array_agg(reason), array_agg(n))
    FROM (
      SELECT a.job_id, a.status::text, greatest(jobs_application_funnel_stage(a.status), coalesce(h.stage, 0)) AS stage,
             a.withdrawal_reason::text AS reason, count(*)::integer AS n
      FROM new_rows a
      LEFT JOIN (
        SELECT application_id, max(jobs_application_funnel_stage(to_status)) AS stage
        FROM jobs_applicationstatuschange WHERE application_id IN (SELECT id FROM new_rows) GROUP BY 1
      ) h ON h.application_id = a.id
      GROUP BY 1, 2, 3, 4
    ) d;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM jobs_applicationcount_add(array_agg(job_id), array_agg(status), array_agg(stage), array_agg(reason), array_agg(n))
    FROM (
      SELECT a.job_id, a.status::text, greatest(jobs_application_funnel_stage(a.status), coalesce(h.stage, 0)) AS stage,
             a.withdrawal_reason::text AS reason, -count(*)::integer AS n
      FROM old_rows a
      LEFT JOIN (
        SELECT application_id, max(jobs_application_funnel_stage(to_status)) AS stage
        FROM jobs_applicationstatuschange WHERE application_id IN (SELECT id FROM old_rows) GROUP BY 1
      ) h ON h.application_id = a.id
      GROUP BY 1, 2, 3, 4
    ) d;
  ELSE  -- UPDATE: the old row's key -1, the new row's +1 (the history is the same for both)
    PERFORM jobs_applicationcount_add(array_agg(job_id), array_agg(status), array_agg(stage), array_agg(reason), array_agg(n))
    FROM (
      SELECT r.job_id, r.status, greatest(jobs_application_funnel_stage(r.status), coalesce(h.stage, 0)) AS stage,
             r.reason, sum(r.n)::integer AS n
      FROM (
        SELECT id, job_id, status::text, withdrawal_reason::text AS reason, -1 AS n FROM old_rows
        UNION ALL
        SELECT id, job_id, status::text, withdrawal_reason::text, 1 FROM new_rows
      ) r
      LEFT JOIN (
        SELECT application_id, max(jobs_application_funnel_stage(to_status)) AS stage
        FROM jobs_applicationstatuschange WHERE application_id IN (SELECT id FROM new_rows) GROUP BY 1
      ) h ON h.application_id = r.id
      GROUP BY 1, 2, 3, 4 HAVING sum(r.n) <> 0
    ) d;
  END IF;
  RETURN NULL;
END
$$;

-- History inserted or deleted: an application's furthest stage may move (its key -1, +1).
CREATE FUNCTION jobs_statuschange_count_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A bulk statement (a seed's COPY, a data migration) recounts everything once, set-based:
  -- its transition table has no statistics, and the delta's joins over it can go quadratic.
  IF TG_OP = 'DELETE' THEN
    IF jobs_applicationcount_rebuilt_for((SELECT count(*) FROM old_rows)) THEN RETURN NULL; END IF;
  ELSIF jobs_applicationcount_rebuilt_for((SELECT count(*) FROM new_rows)) THEN
    RETURN NULL;
  END IF;
  -- Wait for a concurrent change of these applications to commit, then read it.
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM jobs_application WHERE id IN (SELECT application_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE;
    PERFORM jobs_applicationcount_add(array_agg(job_id), array_agg(status), array_agg(stage), array_agg(reason), array_agg(n))
    FROM (
      SELECT a.job_id, a.status::text, s.stage, a.withdrawal_reason::text AS reason, sum(s.n)::integer AS n
      FROM (
        -- before: the history without the new rows; after: with them
        SELECT t.application_id, greatest(jobs_application_funnel_stage(a.status), coalesce(e.stage, 0)) AS before,
               greatest(jobs_application_funnel_stage(a.status), coalesce(e.stage, 0), t.added) AS after
        FROM (SELECT application_id, max(jobs_application_funnel_stage(to_status)) AS added FROM new_rows GROUP BY 1) t
        JOIN jobs_application a ON a.id = t.application_id
        LEFT JOIN (
          SELECT h.application_id, max(jobs_application_funnel_stage(h.to_status)) AS stage
          FROM jobs_applicationstatuschange h
          WHERE h.application_id IN (SELECT application_id FROM new_rows)
            AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = h.id)
          GROUP BY 1
        ) e ON e.application_id = t.application_id
      ) m
      CROSS JOIN LATERAL (VALUES (m.before, -1), (m.after, 1)) AS s(stage, n)
      JOIN jobs_application a ON a.id = m.application_id
      WHERE m.before <> m.after
      GROUP BY 1, 2, 3, 4
    ) d;
  ELSE  -- DELETE: before: the remaining history and the deleted rows; after: the remaining
    PERFORM 1 FROM jobs_application WHERE id IN (SELECT application_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE;
    PERFORM jobs_applicationcount_add(array_agg(job_id), array_agg(status), array_agg(stage), array_agg(reason), array_agg(n))
    FROM (
      SELECT a.job_id, a.status::text, s.stage, a.withdrawal_reason::text AS reason, sum(s.n)::integer AS n
      FROM (
        SELECT t.application_id,
               greatest(jobs_application_funnel_stage(a.status), coalesce(r.stage, 0), t.removed) AS before,
               greatest(jobs_application_funnel_stage(a.status), coalesce(r.stage, 0)) AS after
        FROM (SELECT application_id, max(jobs_application_funnel_stage(to_status)) AS removed FROM old_rows GROUP BY 1) t
        JOIN jobs_application a ON a.id = t.application_id
        LEFT JOIN (
          SELECT h.application_id, max(jobs_application_funnel_stage(h.to_status)) AS stage
          FROM jobs_applicationstatuschange h
          WHERE h.application_id IN (SELECT application_id FROM old_rows)
          GROUP BY 1
        ) r ON r.application_id = t.application_id
      ) m
      CROSS JOIN LATERAL (VALUES (m.before, -1), (m.after, 1)) AS s(stage, n)
      JOIN jobs_application a ON a.id = m.application_id
      WHERE m.before <> m.after
      GROUP BY 1, 2, 3, 4
    ) d;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION jobs_applicationcount_rebuild_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM jobs_applicationcount_rebuild();
  RETURN NULL;
END
$$;
"""

TRIGGERS = """
LOCK TABLE jobs_application, jobs_applicationstatuschange IN SHARE MODE;
CREATE TRIGGER jobs_application_count_insert_trg AFTER INSERT ON jobs_application
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_application_count_trg();
CREATE TRIGGER jobs_application_count_update_trg AFTER UPDATE ON jobs_application
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_application_count_trg();
CREATE TRIGGER jobs_application_count_delete_trg AFTER DELETE ON jobs_application
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_application_count_trg();
CREATE TRIGGER jobs_statuschange_count_insert_trg AFTER INSERT ON jobs_applicationstatuschange
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_statuschange_count_trg();
CREATE TRIGGER jobs_statuschange_count_delete_trg AFTER DELETE ON jobs_applicationstatuschange
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_statuschange_count_trg();
CREATE TRIGGER jobs_application_count_truncate_trg AFTER TRUNCATE ON jobs_application
  FOR EACH STATEMENT EXECUTE FUNCTION jobs_applicationcount_rebuild_trg();
CREATE TRIGGER jobs_statuschange_count_truncate_trg AFTER TRUNCATE ON jobs_applicationstatuschange
  FOR EACH STATEMENT EXECUTE FUNCTION jobs_applicationcount_rebuild_trg();
SELECT jobs_applicationcount_rebuild();
ANALYZE jobs_applicationcount;
"""

DROP = """
DROP TRIGGER IF EXISTS jobs_application_count_insert_trg ON jobs_application;
DROP TRIGGER IF EXISTS jobs_application_count_update_trg ON jobs_application;
DROP TRIGGER IF EXISTS jobs_application_count_delete_trg ON jobs_application;
DROP TRIGGER IF EXISTS jobs_application_count_truncate_trg ON jobs_application;
DROP TRIGGER IF EXISTS jobs_statuschange_count_insert_trg ON jobs_applicationstatuschange;
DROP TRIGGER IF EXISTS jobs_statuschange_count_delete_trg ON jobs_applicationstatuschange;
DROP TRIGGER IF EXISTS jobs_statuschange_count_truncate_trg ON jobs_applicationstatuschange;
DROP FUNCTION IF EXISTS jobs_applicationcount_rebuild_trg();
DROP FUNCTION IF EXISTS jobs_statuschange_count_trg();
DROP FUNCTION IF EXISTS jobs_application_count_trg();
DROP FUNCTION IF EXISTS jobs_applicationcount_rebuilt_for(bigint);
DROP FUNCTION IF EXISTS jobs_applicationcount_rebuild();
DROP FUNCTION IF EXISTS jobs_applicationcount_add(bigint[], text[], integer[], text[], integer[]);
DROP FUNCTION IF EXISTS jobs_application_funnel_stage(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0012_people_company_retention"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApplicationCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("applied", "Applied"),
                            ("viewed", "Viewed"),
                            ("shortlisted", "Shortlisted"),
                            ("interview", "Interview"),
                            ("accepted", "Accepted"),
                            ("rejected", "Rejected"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                ("furthest_stage", models.PositiveSmallIntegerField(verbose_name="furthest stage")),
                (
                    "withdrawal_reason",
                    models.CharField(blank=True, default="", max_length=16, verbose_name="withdrawal reason"),
                ),
                ("n", models.PositiveIntegerField(default=0, verbose_name="applications")),
                (
                    "job",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="application_counts",
                        to="jobs.job",
                        verbose_name="job",
                    ),
                ),
            ],
            options={
                "verbose_name": "application count",
                "verbose_name_plural": "application counts",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("job", "status", "furthest_stage", "withdrawal_reason"),
                        name="jobs_applicationcount_key_uniq",
                    )
                ],
            },
        ),
        migrations.RunSQL(FUNCTIONS + TRIGGERS, DROP),
    ]
