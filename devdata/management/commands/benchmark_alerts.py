"""The daily alert run at scale: N active alerts (many sharing popular searches) against a
day of new jobs, on the seeded database.

  manage.py benchmark_alerts [--alerts 100000] [--searches 2000] [--new-jobs 3000]
                             [--scales 10000,50000,100000] [--sample-emails 300]

For each number of alerts in --scales (and --new-jobs), it creates that many confirmed daily
alerts (guest addresses @bench.example; the search of each drawn from --searches distinct
searches with a Zipf-like popularity), gives --new-jobs published jobs a posting time in the
last 24 hours (the rest are older), then times ``alert_digests_run`` as the worker runs it:
digests and sent-log written, the emails enqueued on the database task queue
(django_tasks_db, one task per batch of digests). Then it renders and "sends" (dummy mail
backend) a sample of the digests to time one email, and extrapolates the emails of the run. Prints a table of the
figures and the peak memory of the process.

It TRUNCATES the alerts' digests and sent-log and deletes its own alerts and queued tasks
after each scale: run it on a benchmark database (`seed --jobs 100000 ...`), never on data
you keep.
"""

import datetime
import random
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from alerts.models import Alert, AlertDigest, AlertFrequency
from alerts.services import alert_digests_run, query_key
from alerts.tasks import send_alert_digest
from devdata.seeding import CITIES, ROLES
from jobs.models import Job, JobType, LocationType

BENCH_DOMAIN = "bench.example"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NO_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


def search_pool(n: int, rng: random.Random) -> list[dict[str, str]]:
    """``n`` distinct searches like people type them: a role's words, often a city, sometimes a
    work place or a contract; the first ones are the popular ones."""
    titles = [title for group in ROLES.values() for title in group]
    words = sorted({word.lower() for title in titles for word in title.split() if len(word) > 2})
    pool: dict[str, dict[str, str]] = {}
    while len(pool) < n:
        search = {"q": rng.choice([rng.choice(titles).lower(), rng.choice(words)])}
        if rng.random() < 0.6:
            search["location"] = rng.choice(CITIES)
        if rng.random() < 0.2:
            search["location_type"] = rng.choice(LocationType.values)
        if rng.random() < 0.1:
            search["job_type"] = rng.choice(JobType.values)
        pool[query_key(search)] = dict(sorted(search.items()))
    return list(pool.values())


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--scales", default="10000,50000,100000", help="Numbers of alerts, comma-separated.")
        parser.add_argument("--searches", type=int, default=2000, help="Distinct searches the alerts share.")
        parser.add_argument("--new-jobs", default="3000", help="Jobs published in the last day, comma-separated.")
        parser.add_argument("--sample-emails", type=int, default=300, help="Digests rendered and sent to time one.")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, scales, searches, new_jobs, sample_emails, seed, **options):
        if Job.objects.published().count() < 1000:
            raise CommandError("Seed the database first: manage.py seed --jobs 100000 ...")
        rng = random.Random(seed)  # noqa: S311  # reproducible data, not secrets
        pool = search_pool(searches, rng)
        weights = [1 / (rank + 1) for rank in range(len(pool))]  # Zipf: a few searches are most alerts'
        rows = []
        for jobs_per_day in [int(n) for n in new_jobs.split(",")]:
            self.publish_a_day_of_jobs(jobs_per_day, rng)
            for alerts in [int(n) for n in scales.split(",")]:
                self.clean()
                self.create_alerts(alerts, pool, weights, rng)
                rows.append(self.measure(alerts, jobs_per_day, sample_emails))
                self.clean()
        self.stdout.write(
            "| alerts | distinct searches | new jobs | run (s) | digests | jobs sent | queries/search | "
            "one email (ms) | emails, 1 worker (s) | total, 1 worker (s) | peak RSS (MB) |"
        )
        self.stdout.write("|" + "---|" * 11)
        for row in rows:
            self.stdout.write("| " + " | ".join(str(value) for value in row) + " |")

    def publish_a_day_of_jobs(self, n: int, rng: random.Random) -> None:
        """Exactly ``n`` published jobs have a posting time within the last 24 hours."""
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE jobs_job SET posted_at = posted_at - interval '2 days' "
                "WHERE posted_at > %s AND status = 'published'",
                [now - datetime.timedelta(days=1)],
            )
            ids = list(
                Job.objects.published()
                .filter(expires_at__gt=now + datetime.timedelta(days=1))
                .values_list("pk", flat=True)
                .order_by("?")[:n]
            )
            cursor.execute(
                "UPDATE jobs_job SET posted_at = %s - random() * interval '23 hours' WHERE id = ANY(%s)",
                [now, ids],
            )

    def create_alerts(self, n: int, pool, weights, rng: random.Random) -> None:
        day_ago = timezone.now() - datetime.timedelta(days=1)
        chosen = rng.choices(pool, weights=weights, k=n)
        batch = []
        for i, search in enumerate(chosen):
            batch.append(
                Alert(
                    email=f"alert-{i}@{BENCH_DOMAIN}",
                    name=search["q"],
                    params=search,
                    query_key=query_key(search),
                    frequency=AlertFrequency.DAILY,
                    confirmed_at=day_ago,
                    checked_until=day_ago,
                    next_run_at=day_ago,
                )
            )
            if len(batch) == 5000:
                Alert.objects.bulk_create(batch)
                batch = []
        Alert.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE alerts_alert")

    def measure(self, alerts: int, jobs_per_day: int, sample_emails: int) -> list:
        counter = QueryCounter()
        with override_settings(TASKS=DB_TASKS), connection.execute_wrapper(counter):
            started = time.perf_counter()
            run = alert_digests_run()
            elapsed = time.perf_counter() - started
        digest_ids = list(AlertDigest.objects.order_by("?").values_list("pk", flat=True)[:sample_emails])
        with override_settings(MAILERS=NO_MAIL):
            started = time.perf_counter()
            for digest_id in digest_ids:
                send_alert_digest.call(digest_id=digest_id)
            per_email = (time.perf_counter() - started) / max(1, len(digest_ids))
        emails_s = per_email * run.digests
        self.stdout.write(
            f"{alerts} alerts, {jobs_per_day} new jobs: run {elapsed:.1f} s, {run.searches} searches, "
            f"{run.digests} digests, {run.jobs} jobs; one email {per_email * 1000:.1f} ms"
        )
        return [
            alerts,
            run.searches,
            jobs_per_day,
            f"{elapsed:.1f}",
            run.digests,
            run.jobs,
            f"{counter.count / max(1, run.searches):.1f}",
            f"{per_email * 1000:.1f}",
            f"{emails_s:.0f}",
            f"{elapsed + emails_s:.0f}",
            f"{max_rss_mb():.0f}",
        ]

    def clean(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE alerts_alertsentjob, alerts_alertdigest")
            cursor.execute("DELETE FROM alerts_alert WHERE email LIKE %s", [f"%@{BENCH_DOMAIN}"])
            cursor.execute(
                "DELETE FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
                ["alerts.tasks.%"],
            )


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
