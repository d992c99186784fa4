"""Issue 18: the scaling path run on the real parts (scripts/cluster): HAProxy in front of two
gunicorn nodes, PgBouncer in transaction mode in front of the primary, a hot-standby replica
fed by streaming replication, Redis and a worker, all on 127.0.0.1.

Only with `make test-cluster` (-m cluster; about 10 minutes). The figures it prints are the
ones in docs/operations.md ("The cluster") and docs/scaling.md.
"""

import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests

from intowork.db_routers import RECENT_WRITE_COOKIE

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = str(ROOT / "scripts" / "cluster")
PARTS = ("primary", "replica", "pgbouncer", "redis", "node1", "node2", "worker", "haproxy")
LOAD_USERS = 50
JOB_SCANS = "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'jobs_job'"


def processes_of(folder: Path) -> set[int]:
    """Every process the cluster runs: the recorded ones, their process groups (gunicorn's
    workers) and their children (PostgreSQL's backends)."""
    recorded = {int(path.read_text()) for path in (folder / "pids").glob("*.pid") if path.read_text().strip()}
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        pid = int(text.split(" ", 1)[0])
        ppid, pgid = (int(value) for value in text.rsplit(") ", 1)[1].split()[1:3])  # after the name: state ppid pgrp
        if pid in recorded or ppid in recorded or pgid in recorded:
            found.add(pid)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@dataclass
class Cluster:
    folder: Path
    env: dict[str, str] = field(default_factory=dict)
    secret_key: str = ""

    def __post_init__(self):
        for line in (self.folder / "cluster.env").read_text().splitlines():
            key, _, value = line.partition("=")
            self.env[key] = value
        # The nodes' key: fault_test's sessions are signed with it.
        app_env = dict(line.split("=", 1) for line in (self.folder / "app.env").read_text().splitlines())
        self.secret_key = app_env["SECRET_KEY"]

    def url(self, path: str) -> str:
        return self.env["CLUSTER_URL"] + path

    def node_url(self, node: int, path: str) -> str:
        return f"http://127.0.0.1:{self.env[f'NODE{node}_PORT']}{path}"

    def sql(self, database: str, query: str):
        with psycopg.connect(self.env[f"{database.upper()}_URL"], autocommit=True) as connection:
            return connection.execute(query).fetchall()

    def job_scans(self, database: str) -> int:
        return self.sql(database, JOB_SCANS)[0][0]

    @property
    def run_env(self) -> dict[str, str]:
        return {"CLUSTER_DIR": str(self.folder)}

    def backend_stats(self) -> dict[str, int]:
        """HAProxy's counters for the nodes' backend (retries, redispatches, answers by class)."""
        with socket.socket(socket.AF_UNIX) as stats:
            stats.connect(self.env["HAPROXY_SOCKET"])
            stats.sendall(b"show stat\n")
            text = b"".join(iter(lambda: stats.recv(65536), b"")).decode()
        rows = list(csv.DictReader(text.lstrip("# ").splitlines()))
        backend = next(row for row in rows if row["pxname"] == "nodes" and row["svname"] == "BACKEND")
        return {
            key: int(backend[key] or 0) for key in ("wretr", "wredis", "hrsp_2xx", "hrsp_4xx", "hrsp_5xx", "eresp")
        }


@pytest.fixture(scope="module")
def cluster():
    folder = Path(tempfile.mkdtemp(prefix="intowork-cluster."))
    env = os.environ | {"CLUSTER_DIR": str(folder)}
    seen: set[int] = set()
    try:
        subprocess.run([CLUSTER, "start"], env=env, check=True, cwd=ROOT, timeout=900)
        yield Cluster(folder)
    finally:
        # Nothing started outlives the test, also when it fails.
        if (folder / "pids").exists():
            seen = processes_of(folder)
        subprocess.run([CLUSTER, "stop"], env=env, cwd=ROOT, timeout=300, check=False)
        for pid in [pid for pid in seen if alive(pid)]:
            os.kill(pid, signal.SIGKILL)
            pytest.fail(f"process {pid} outlived 'scripts/cluster stop'")
        leftover = folder.exists()
        shutil.rmtree(folder, ignore_errors=True)
        assert not leftover, "scripts/cluster stop left its folder behind"


@pytest.fixture(scope="module")
def accounts(cluster):
    """Seeded accounts for the load's signed-in users (scripts/loadtest-accounts)."""
    path = cluster.folder / "accounts.txt"
    subprocess.run(
        ["scripts/loadtest-accounts", str(path)],
        env=os.environ | {"DATABASE_URL": cluster.env["PRIMARY_URL"]},
        check=True,
        cwd=ROOT,
    )
    return path


def get(url: str, **options) -> requests.Response:
    return requests.get(url, timeout=30, **options)


def sign_in(cluster: Cluster, email: str) -> requests.Session:
    session = requests.Session()
    session.get(cluster.url("/accounts/login/")).raise_for_status()
    response = session.post(
        cluster.url("/accounts/login/"),
        {"login": email, "password": "intowork-demo", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
    )
    assert response.url.endswith("/dashboard/"), response.url
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    return session


def test_every_address_is_loopback(cluster):
    processes = processes_of(cluster.folder)
    assert len([part for part in PARTS if (cluster.folder / "pids" / f"{part}.pid").exists()]) == len(PARTS)
    listening = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, check=True).stdout.splitlines()
    ours = [line.split()[3] for line in listening if {int(pid) for pid in re.findall(r"pid=(\d+)", line)} & processes]
    ports = {
        cluster.env[f"{part}_PORT"]
        for part in ("PRIMARY", "REPLICA", "PGBOUNCER", "REDIS", "NODE1", "NODE2", "HAPROXY")
    }
    assert {address.rsplit(":", 1)[1] for address in ours} == ports
    assert all(address.startswith("127.0.0.1:") for address in ours), ours


def test_the_balancer_spreads_requests_and_sets_the_forwarded_headers(cluster):
    ids = [f"cluster-test-{uuid.uuid4().hex[:12]}" for _ in range(4)]
    for request_id in ids:
        response = get(cluster.url("/healthz"), headers={"X-Request-ID": request_id})
        assert response.status_code == 200
        assert response.headers["X-Request-ID"] == request_id
    # Without one, the balancer makes one (a UUID) that the node logs and answers with.
    made = get(cluster.url("/healthz")).headers["X-Request-ID"]
    assert uuid.UUID(made)
    time.sleep(1)  # gunicorn writes the access log line after the answer
    logs = {node: (cluster.folder / "logs" / f"{node}-access.log").read_text() for node in ("node1", "node2")}
    assert [sum(request_id in log for request_id in ids) for log in logs.values()] == [2, 2]  # round robin
    line = next(line for log in logs.values() for line in log.splitlines() if made in line)
    assert '"remote": "127.0.0.1"' in line  # X-Forwarded-For, as gunicorn's access log reads it


def test_reads_are_served_by_the_replica(cluster):
    replica, primary = cluster.job_scans("replica"), cluster.job_scans("primary")
    for number in range(20):  # words never searched: no cache
        assert get(cluster.url(f"/jobs/?q=replicaword{number}")).status_code == 200
    deadline = time.monotonic() + 5  # statistics are flushed when a backend ends, within a second
    while cluster.job_scans("replica") - replica < 20 and time.monotonic() < deadline:
        time.sleep(0.2)
    on_replica, on_primary = cluster.job_scans("replica") - replica, cluster.job_scans("primary") - primary
    print(f"\njobs_job scans for 20 searches: replica +{on_replica}, primary +{on_primary}")
    assert cluster.job_scans("replica") - replica >= 20
    assert cluster.job_scans("primary") == primary


def test_read_your_writes_on_a_paused_replica(cluster):
    email, job = cluster.sql(
        "primary",
        "SELECT u.email, (SELECT j.id FROM jobs_job j WHERE j.status = 'published' AND NOT EXISTS "
        "(SELECT 1 FROM jobs_application a WHERE a.job_id = j.id AND a.candidate_id = p.id) ORDER BY j.id LIMIT 1) "
        "FROM accounts_user u JOIN candidates_candidateprofile p ON p.user_id = u.id ORDER BY u.id DESC LIMIT 1",
    )[0]
    session = sign_in(cluster, email)
    # The replica stops applying the primary's changes: as much replication lag as we like.
    cluster.sql("replica", "SELECT pg_wal_replay_pause()")
    try:
        response = session.post(cluster.url("/api/v1/applications/"), json={"job": job, "cover_letter": "Cluster"})
        # The request wrote, then read the application back (with its history): from the primary.
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "applied"
        assert RECENT_WRITE_COOKIE in response.cookies
        detail = cluster.url(f"/api/v1/applications/{response.json()['id']}/")
        # The next request, carrying the cookie, reads from the primary too.
        assert session.get(detail).status_code == 200
        # Without the cookie (a client that drops it, or after DATABASE_PRIMARY_AFTER_WRITE_S),
        # reads go to the replica, which has not seen the application yet.
        del session.cookies[RECENT_WRITE_COOKIE]
        assert session.get(detail).status_code == 404
    finally:
        cluster.sql("replica", "SELECT pg_wal_replay_resume()")
    resumed = time.monotonic()
    while session.get(detail).status_code != 200:
        assert time.monotonic() - resumed < 10
        time.sleep(0.01)
    print(f"\nthe replica showed the application {1000 * (time.monotonic() - resumed):.0f} ms after replay resumed")


def test_the_search_cache_is_shared_by_the_nodes(cluster):
    path = "/jobs/?q=senior+cluster+analyst"
    before = cluster.job_scans("replica")
    first = get(cluster.node_url(1, path))
    time.sleep(1)
    after_first = cluster.job_scans("replica")
    second = get(cluster.node_url(2, path))
    time.sleep(1)
    assert first.status_code == second.status_code == 200
    assert after_first > before  # node 1 searched
    assert cluster.job_scans("replica") == after_first  # node 2 answered from node 1's cached result
    assert re.findall(r'href="(/jobs/\d+-[\w-]+/)"', first.text) == re.findall(
        r'href="(/jobs/\d+-[\w-]+/)"', second.text
    )


def test_a_rate_limit_counts_the_requests_to_both_nodes(cluster):
    # API_SUGGESTIONS_RATE is 20/min in the cluster; each node alone would allow 20 per process.
    statuses = [
        get(cluster.node_url(1 + number % 2, "/api/v1/jobs/suggestions/?q=py")).status_code for number in range(21)
    ]
    assert statuses == [200] * 20 + [429]


# --- faults under load -----------------------------------------------------------------------------


@dataclass
class Outcome:
    fault_test: str
    fault_test_passed: bool
    statuses: dict[str, int]  # fault_test's "kind status" -> count
    load_requests: int
    load_rps: float
    load_errors: dict[str, int]  # locust's error -> count
    balancer: dict[str, int]  # HAProxy's counters during the phase

    def load_5xx(self, *, but: tuple[int, ...] = ()) -> int:
        return sum(
            count
            for error, count in self.load_errors.items()
            if (code := re.search(r"\b(5\d\d) Server Error", error)) and int(code[1]) not in but
        )

    def fault_test_count(self, status: int | str) -> int:
        return sum(count for key, count in self.statuses.items() if key.endswith(f" {status}"))

    def outage(self) -> float:
        found = re.search(r"Failed requests from [\d.]+ s to [\d.]+ s \(([\d.]+) s\)", self.fault_test)
        return float(found[1]) if found else 0.0


def under_load(
    cluster: Cluster, accounts: Path, name: str, fault: str, *, seconds: int = 45, after: int = 12
) -> Outcome:
    """The load test's mix (LOAD_USERS users) through the balancer while manage.py fault_test
    applies and searches for ``seconds`` and runs ``fault`` after ``after`` seconds (candidates
    and jobs of its own per phase: a phase that only met earlier phases' 409s would prove nothing)."""
    csv_prefix = cluster.folder / f"locust-{name}"
    load = subprocess.Popen(
        [
            f"{ROOT}/.venv/bin/locust", "-f", "loadtest/locustfile.py", "--headless", "--host", cluster.url(""),
            "--users", str(LOAD_USERS), "--spawn-rate", "25", "--run-time", f"{seconds + 8}s",
            "--only-summary", "--csv", str(csv_prefix),
        ],
        env=os.environ | {"LOADTEST_ACCOUNTS": str(accounts)},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(5)  # every user is in
        balancer_before = cluster.backend_stats()
        load_before = os.getloadavg()[0]
        fault_test = subprocess.run(
            [
                sys.executable, "manage.py", "fault_test", "--base-url", cluster.url(""), "--restart", fault,
                "--seconds", str(seconds), "--restart-after", str(after), "--timeout", "30",
                "--seed", str(zlib.crc32(name.encode())),
            ],
            # fault_test counts the applications in the primary directly; the fault needs CLUSTER_DIR.
            env=os.environ
            | {"DATABASE_URL": cluster.env["PRIMARY_URL"], "DEBUG": "1", "SECRET_KEY": cluster.secret_key}
            | cluster.run_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        )  # fmt: skip
        load.wait(timeout=60)
    finally:
        if load.poll() is None:
            load.kill()
    balancer_after = cluster.backend_stats()
    with open(f"{csv_prefix}_stats.csv") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    with open(f"{csv_prefix}_failures.csv") as failures:
        errors = {
            f"{row['Method']} {row['Name']}: {row['Error']}": int(row["Occurrences"])
            for row in csv.DictReader(failures)
        }
    statuses = {
        f"{found[1]} {found[2]}": int(found[3])
        for found in re.finditer(r"^\s+(apply|search)\s+(\d+|no answer): (\d+)$", fault_test.stdout, re.MULTILINE)
    }
    outcome = Outcome(
        fault_test=fault_test.stdout + fault_test.stderr,
        fault_test_passed=fault_test.returncode == 0,
        statuses=statuses,
        load_requests=int(total["Request Count"]),
        load_rps=float(total["Requests/s"]),
        load_errors=errors,
        balancer={key: balancer_after[key] - balancer_before[key] for key in balancer_after},
    )
    print(
        f"\n=== {name}: {fault} (load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after)\n"
        f"{outcome.fault_test.rstrip()}\n"
        f"Background load ({LOAD_USERS} users): {outcome.load_requests} requests, {outcome.load_rps:.1f}/s, "
        f"errors: {errors or 'none'}\n"
        f"Balancer during the fault test: {outcome.balancer}"
    )
    return outcome


def test_a_web_node_killed_and_restarted(cluster, accounts):
    outcome = under_load(
        cluster, accounts, "node-killed", f"sh -c '{CLUSTER} kill node1 && sleep 10 && {CLUSTER} start node1'"
    )
    assert outcome.fault_test_passed, outcome.fault_test
    # What the balancer could not retry would show as a 502 or 503, or as no answer within 30 s
    # (HAProxy's server timeout); it retried the rest (outcome.balancer["wretr"], printed).
    assert outcome.load_5xx() == 0
    assert outcome.balancer["hrsp_5xx"] == 0
    assert sum(count for key, count in outcome.statuses.items() if not key.endswith((" 200", " 201", " 409"))) == 0


def test_the_replica_stopped_reads_fall_back_to_the_primary(cluster, accounts):
    outcome = under_load(
        cluster, accounts, "replica-stopped", f"sh -c '{CLUSTER} stop replica && sleep 15 && {CLUSTER} start replica'"
    )
    assert outcome.fault_test_passed, outcome.fault_test
    assert outcome.load_5xx() == 0
    assert outcome.fault_test_count(503) == 0
    assert outcome.balancer["hrsp_5xx"] == 0


def test_pgbouncer_restarted_clean_503s_and_nothing_lost(cluster, accounts):
    outcome = under_load(cluster, accounts, "pgbouncer-restarted", f"{CLUSTER} restart pgbouncer")
    assert outcome.fault_test_passed, outcome.fault_test  # every 201 is in the database, no 500
    assert outcome.load_5xx(but=(503,)) == 0
    assert outcome.outage() <= 5


def test_the_primary_restarted_every_confirmed_application_is_kept(cluster, accounts):
    outcome = under_load(cluster, accounts, "primary-restarted", f"{CLUSTER} restart primary")
    assert outcome.fault_test_passed, outcome.fault_test  # every 201 is in the database, no 500
    assert outcome.load_5xx(but=(503,)) == 0
    assert outcome.outage() <= 10
