"""What the benchmark commands share: timing a request and reading percentiles."""

import time

from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext


def percentile(values, pct: float) -> float:
    """The nearest-rank percentile of ``values`` (``pct`` 50 is the median)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def timed_get(client, url: str) -> tuple[float, int]:
    """GET ``url`` with a test client: (milliseconds, queries). Anything but a 200 stops the run."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    return elapsed, len(queries)
