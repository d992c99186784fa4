"""Restart PostgreSQL under load and check what users saw and that nothing committed was lost.

  manage.py fault_test --base-url http://127.0.0.1:8767 --restart "pg_ctl -D ... restart -m fast"

Candidates (seeded) apply over the API and visitors search, from several threads, for
--seconds; after --restart-after seconds the restart command runs. Afterwards it reports
the status codes seen, the outage and recovery times, and compares the applications the
API confirmed (201) with the rows in the database. Exits non-zero on any 500 or a lost
application. Run by scripts/faulttest, against a throw-away cluster.
"""

import collections
import json
import random
import shlex
import subprocess
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string

from candidates.models import CandidateProfile
from jobs.models import Application, Job

COVER_LETTER = "Fault test"


def session_cookie(user) -> str:
    """A signed-in session for ``user``, made directly (no password hashing under load)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True)
        parser.add_argument("--restart", required=True, help="Shell command that restarts PostgreSQL.")
        parser.add_argument("--seconds", type=int, default=30)
        parser.add_argument("--restart-after", type=int, default=8)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--seed", type=int, default=7, help="Another seed, other candidates and jobs.")
        parser.add_argument(
            "--timeout", type=int, default=10, help="Seconds a request may take before it counts as unanswered."
        )

    def handle(self, *args, base_url, restart, seconds, restart_after, threads, timeout, seed, **options):
        rng = random.Random(seed)  # noqa: S311 (simulated users)
        candidates = list(CandidateProfile.objects.select_related("user")[: threads * 4])
        jobs = list(Job.objects.published().values_list("pk", flat=True)[:2000])
        if not candidates or not jobs:
            raise CommandError("Seed the database first.")
        csrf = _get_new_csrf_string()
        cookies = {c.pk: session_cookie(c.user) for c in candidates}
        # Its own applications only: the background load applies too.
        own_applications = Application.objects.filter(cover_letter=COVER_LETTER)
        before = own_applications.count()
        connection.close()

        events = []  # (time, kind, status)
        confirmed = []
        lock = threading.Lock()
        start = time.monotonic()
        deadline = start + seconds

        def call(method, path, candidate=None, body=None):
            headers = {"Referer": base_url + "/"}
            if candidate is not None:
                cookie = f"{settings.SESSION_COOKIE_NAME}={cookies[candidate.pk]}; {settings.CSRF_COOKIE_NAME}={csrf}"
                headers |= {"Cookie": cookie, "X-CSRFToken": csrf, "Content-Type": "application/json"}
            request = urllib.request.Request(base_url + path, body, headers, method=method)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                    return response.status, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                return 0, b""

        def user_loop(user_seed):
            local = random.Random(user_seed)  # noqa: S311
            while time.monotonic() < deadline:
                if local.random() < 0.5:
                    candidate = local.choice(candidates)
                    job = local.choice(jobs)
                    body = json.dumps({"job": job, "cover_letter": COVER_LETTER}).encode()
                    status, payload = call("POST", "/api/v1/applications/", candidate, body)
                    kind = "apply"
                    if status == 201:
                        with lock:
                            confirmed.append(json.loads(payload)["id"])
                else:
                    status, _ = call("GET", f"/jobs/?q={local.choice(['engineer', 'nurse', 'manager'])}")
                    kind = "search"
                with lock:
                    events.append((time.monotonic() - start, kind, status))
                time.sleep(0.05)

        workers = [threading.Thread(target=user_loop, args=(rng.random(),)) for _ in range(threads)]
        for worker in workers:
            worker.start()
        time.sleep(restart_after)
        restart_started = time.monotonic() - start
        # No pipes: the restarted postmaster would inherit them and keep run() waiting forever.
        subprocess.run(shlex.split(restart), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        restart_done = time.monotonic() - start
        for worker in workers:
            worker.join()

        statuses = collections.Counter((kind, status) for _, kind, status in events)
        failures = [(t, status) for t, _, status in events if status not in (200, 201, 409)]
        failure_times = [t for t, _ in failures]
        first_failure = min(failure_times) if failure_times else None
        last_failure = max(failure_times) if failure_times else None
        after = own_applications.count()
        unique_confirmed = len(set(confirmed))
        lost = len(set(confirmed) - set(Application.objects.filter(pk__in=confirmed).values_list("pk", flat=True)))
        self.stdout.write(
            f"Requests: {len(events)} in {seconds} s; restart ran from {restart_started:.1f} s to {restart_done:.1f} s"
        )
        for (kind, status), n in sorted(statuses.items()):
            self.stdout.write(f"  {kind:<7} {status or 'no answer'}: {n}")
        if first_failure is not None and last_failure is not None:
            self.stdout.write(
                f"Failed requests from {first_failure:.1f} s to {last_failure:.1f} s "
                f"({last_failure - first_failure:.1f} s); "
                f"recovered {last_failure - restart_done:.1f} s after the restart completed"
            )
        self.stdout.write(
            f"Its applications in the database: {before} before, {after} after; "
            f"{unique_confirmed} confirmed by 201, {lost} of them lost; "
            f"{after - before - unique_confirmed} committed while the client saw an error (a retry answers 409)"
        )
        server_errors = sum(n for (_, status), n in statuses.items() if status >= 500 and status != 503)
        if server_errors or lost:
            raise CommandError(f"{server_errors} server errors other than 503, or lost applications")
        self.stdout.write(self.style.SUCCESS("No 500, no lost application."))
