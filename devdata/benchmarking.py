"""What the benchmark commands share: timing a request and reading percentiles."""

import os
import time
from collections.abc import Callable
from typing import NamedTuple

from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext


def percentile(values, pct: float) -> float:
    """The nearest-rank percentile of ``values`` (``pct`` 50 is the median)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


class Visit(NamedTuple):
    ms: float  # the whole request, wall clock
    # This process's CPU time for it (Python: middleware, view, template), without PostgreSQL's:
    # what a loaded machine inflates least, so runs at different loads stay comparable.
    cpu_ms: float
    queries: int
    sql_ms: float = 0.0  # waiting for PostgreSQL's answers, wall clock


def timed[T](action: Callable[[], T]) -> tuple[Visit, T]:
    """Run ``action()``: how long it took, its CPU time, its queries and the time spent in
    them; and what it returned."""
    sql_seconds = 0.0

    def time_query(execute, sql, params, many, context):
        nonlocal sql_seconds
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds += time.perf_counter() - started

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(time_query):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = action()
        elapsed, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000
    return Visit(elapsed, cpu, len(queries), sql_seconds * 1000), result


def timed_get(client, url: str) -> Visit:
    """GET ``url`` with a test client. Anything but a 200 stops the run."""
    visit, response = timed(lambda: client.get(url, secure=True))
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    return visit


def load_average() -> str:
    """The machine's load, printed beside every figure: on a shared machine it explains them."""
    one, five, fifteen = os.getloadavg()
    return f"Load average: {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"
