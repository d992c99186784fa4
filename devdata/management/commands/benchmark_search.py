"""Search speed under gunicorn, measured from outside like a client would see it.

  manage.py benchmark_search [--requests 200] [--concurrency 16] [--seconds 15]
  manage.py benchmark_search --breakdown   # first-time searches: SQL, Python, the rest

Prints, for the HTML page and the API: latency percentiles for a fixed mix of searches,
first uncached (a unique throw-away parameter defeats the cache) then cached, the
throughput of the cached API mix under concurrency, and the SQL time of each search
from EXPLAIN ANALYZE. Run it on a database seeded at scale (`seed --jobs 100000 ...`).
"""

import collections
import http.client
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devdata.benchmarking import load_average, percentile
from devdata.benchmarking import timed_get as timed_get_client
from jobs.filters import JobFilter
from jobs.models import Job
from jobs.models.search_query import suggest

# The fixed mix: common words (thousands of matches), rare words, phrases, typos,
# filters alone, the empty query, deep pages.
MIX = [
    ("common word", {"q": "engineer"}),
    ("common word", {"q": "manager"}),
    ("rare word", {"q": "physiotherapist"}),
    ("rare word", {"q": "kotlin"}),
    ("phrase", {"q": '"data engineer"'}),
    ("phrase + exclusion", {"q": '"senior developer" -java'}),
    ("or", {"q": "nurse or pharmacist"}),
    ("typo", {"q": "pyhton devloper"}),
    ("typo", {"q": "accountnat"}),
    ("filters only", {"location_type": "remote", "job_type": "contract"}),
    ("filters only", {"location": "lyon", "salary_min": "60000"}),
    ("word + filters", {"q": "developer", "location_type": "hybrid", "posted_within": "30"}),
    ("empty query", {}),
    ("salary sort", {"q": "analyst", "sort": "salary", "ordering": "salary"}),
    ("deep page", {"q": "engineer", "page": "20"}),
    ("deep page", {"page": "40"}),
]
# Search-as-you-type: what is typed after 2, 3, 4 letters; a misspelling (the similarity
# fallback); nothing of the vocabulary.
SUGGEST_MIX = ["en", "eng", "engi", "pyth", "kotl", "pyhton", "zzzq"]
PORT = 8765


def timed_get(conn, path):
    started = time.perf_counter()
    # Each request comes from one of 65,536 visitors (the rate limit is per client address),
    # so the API's real anonymous throttle is measured, not lifted.
    client = f"10.{random.randrange(256)}.{random.randrange(256)}.1"  # noqa: S311 (not a secret)
    conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-For": client})
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise CommandError(f"answered {response.status}")
    return (time.perf_counter() - started) * 1000


def _load_worker(paths, seconds, queue):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    errors, latencies, deadline, i = [], [], time.perf_counter() + seconds, 0
    while time.perf_counter() < deadline:
        try:
            latencies.append(timed_get(conn, paths[i % len(paths)]))
        except (CommandError, OSError, http.client.HTTPException) as error:
            errors.append(str(error) or type(error).__name__)
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        i += 1
    queue.put((errors, latencies))


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=10, help="Passes over the mix per phase.")
        parser.add_argument("--concurrency", type=int, default=16)
        parser.add_argument("--seconds", type=int, default=15)
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
        parser.add_argument("--sql-only", action="store_true", help="Only the EXPLAIN ANALYZE part (no server).")
        parser.add_argument(
            "--breakdown",
            action="store_true",
            help="Only where first-time searches spend their time, in process: SQL, Python (CPU), the rest.",
        )

    def handle(self, *args, rounds, concurrency, seconds, workers, sql_only, breakdown, **options):
        published = Job.objects.published().count()  # once, exactly: the scale of the figures
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}, {published:,} published jobs")
        self.stdout.write(load_average())
        if breakdown:
            if settings.REDIS_URL:
                raise CommandError("--breakdown empties the cache: run it without REDIS_URL.")
            self.breakdown(rounds)
            self.stdout.write(load_average())
            return
        self.explain()
        if sql_only:
            return
        server = self.start_gunicorn(workers)
        try:
            for kind, prefix in (("HTML", "/jobs/"), ("API", "/api/v1/jobs/")):
                self.latency(kind, prefix, rounds)
            self.throughput(concurrency, seconds)
            self.stdout.write(load_average())
        finally:
            server.terminate()
            server.wait(10)

    def breakdown(self, rounds: int) -> None:
        """Each search of the mix, first time (the cache emptied before each), through
        the Django test client: the whole request, the time waiting for PostgreSQL, this
        process's CPU (Python: filters, the search's logic, serializer or template), p50 over
        ``rounds`` runs. Whatever the whole request has beyond SQL + CPU is waiting for a core."""
        client = Client(HTTP_HOST="localhost")  # a host ALLOWED_HOSTS accepts in development
        self.stdout.write(f"\nFirst-time searches, p50 of {rounds} (ms): {'':<62} whole    SQL    CPU  queries")
        for kind, prefix in (("API", "/api/v1/jobs/"), ("HTML", "/jobs/")):
            for label, params in MIX:
                runs = []
                for _ in range(rounds):
                    cache.clear()  # this process's cache (no REDIS_URL here): the search is new again
                    runs.append(timed_get_client(client, f"{prefix}?{urllib.parse.urlencode(params)}"))
                self.stdout.write(
                    f"  {kind:<4} {label:<20} {urllib.parse.urlencode(params):<55} "
                    f"{percentile([r.ms for r in runs], 50):6.1f} {percentile([r.sql_ms for r in runs], 50):6.1f} "
                    f"{percentile([r.cpu_ms for r in runs], 50):6.1f} {max(r.queries for r in runs):>8}"
                )

    def explain(self):
        self.stdout.write("\nSQL time per search, page 1 unless said (EXPLAIN ANALYZE: planning + execution, summed):")
        for label, params in MIX:
            job_filter = JobFilter(params, queryset=Job.objects.published().for_cards())
            job_filter.is_valid()
            with CaptureQueriesContext(connection) as captured:
                job_filter.qs.search(params.get("q"), params.get("sort")).page(int(params.get("page", 1)))
            total = self.replay(captured.captured_queries)
            self.stdout.write(
                f"  {label:<20} {urllib.parse.urlencode(params):<55} {len(captured):>2} queries {total:7.2f} ms"
            )

        self.stdout.write("\nSQL time per suggestion lookup (uncached; jobs.models.search_query.suggest):")
        for typed in SUGGEST_MIX:
            with CaptureQueriesContext(connection) as captured:
                found = suggest(typed)
            total = self.replay(captured.captured_queries)
            self.stdout.write(
                f"  {typed!r:<10} {len(found):>2} suggestions {len(captured):>2} queries {total:7.2f} ms"
            )

    @staticmethod
    def replay(queries) -> float:
        """Run the search's queries again in order, each SELECT under EXPLAIN ANALYZE, the
        transactions and their local settings as they were; the sum of planning and
        execution times (the count estimate, an EXPLAIN itself, as timed by Django)."""
        total = 0.0
        with connection.cursor() as cursor:
            for query in queries:
                sql = query["sql"]
                if sql.startswith("EXPLAIN"):
                    total += float(query["time"]) * 1000
                elif not sql.startswith("SELECT") or "set_config(" in sql:
                    cursor.execute(sql)  # BEGIN, COMMIT, SET LOCAL: replayed as they were
                else:
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0]
                    plan = plan[0] if isinstance(plan, list) else plan
                    total += plan["Planning Time"] + plan["Execution Time"]
        return total

    def start_gunicorn(self, workers):
        env = os.environ | {
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "x" * 40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SMTP_HOST": os.environ.get("SMTP_HOST", "localhost"),
            "SECURE_SSL_REDIRECT": "0",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "LOG_LEVEL": "WARNING",
        }
        base = Path(settings.BASE_DIR)
        # The same build as the image's: hashed, compressed static files and their manifest.
        build = base / "scripts" / "build-assets"
        subprocess.run([build], cwd=base, env={**env, "PYTHON": sys.executable}, check=True)  # noqa: S603
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "intowork.wsgi:application",
                "--config",
                "gunicorn.conf.py",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=base,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                timed_get(http.client.HTTPConnection("127.0.0.1", PORT, timeout=2), "/healthz")
                return server
            except (OSError, CommandError):
                time.sleep(0.2)
        server.terminate()
        raise CommandError("gunicorn did not start")

    def latency(self, kind, prefix, rounds):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        paths = [self.path(kind, params) for _, params in MIX]
        for path in paths:  # warm the workers' imports and connection pools
            timed_get(conn, path + ("&" if "?" in path else "?") + "warm=1")
        uncached, cached = [], []
        for round_ in range(rounds):
            for path in paths:
                # A throw-away parameter makes a new cache key: the search runs in full.
                uncached.append(timed_get(conn, f"{path}&nocache={time.time_ns()}{round_}"))
                cached.append(timed_get(conn, path))
        for label, values in (("uncached", uncached), ("cached", cached)):
            self.stdout.write(
                f"\n{kind} {label:<9} n={len(values):<4} p50 {percentile(values, 50):6.1f} ms  "
                f"p95 {percentile(values, 95):6.1f} ms  p99 {percentile(values, 99):6.1f} ms  "
                f"mean {statistics.fmean(values):6.1f} ms"
            )

    def path(self, kind, params):
        """The URL of one search of the mix. The API has no page numbers: a deep page is
        reached by following ``next`` links, as a client scrolling down would."""
        if kind == "HTML":
            return "/jobs/?" + urllib.parse.urlencode({k: v for k, v in params.items() if k != "ordering"})
        api_params = {k: v for k, v in params.items() if k not in {"page", "sort"}}
        path = "/api/v1/jobs/?" + urllib.parse.urlencode(api_params)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        for _ in range(int(params.get("page", 1)) - 1):
            conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-For": "10.255.255.254"})
            next_url = json.loads(conn.getresponse().read())["next"]
            path = next_url[next_url.index("/api/") :]
        return path

    def throughput(self, concurrency, seconds):
        paths = [self.path("API", params) for _, params in MIX]
        queue: multiprocessing.Queue[tuple[list[str], list[float]]] = multiprocessing.Queue()
        procs = [
            multiprocessing.Process(target=_load_worker, args=(paths[i:] + paths[:i], seconds, queue))
            for i in range(concurrency)
        ]
        for proc in procs:
            proc.start()
        results = [queue.get() for _ in procs]
        for proc in procs:
            proc.join()
        errors = collections.Counter(error for worker_errors, _ in results for error in worker_errors)
        latencies = [value for _, values in results for value in values]
        total = len(latencies)
        self.stdout.write(
            f"\nAPI mix throughput, {concurrency} keep-alive clients for {seconds} s on the same machine: "
            f"{total / seconds:,.0f} requests/s (p50 {percentile(latencies, 50):.1f} ms, "
            f"p99 {percentile(latencies, 99):.1f} ms, errors: {dict(errors) or 'none'})"
        )
