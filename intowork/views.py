from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from intowork import monitoring

# A load balancer polls /readyz every few seconds: it must answer within this bound even
# when a dependency hangs rather than fails.
READINESS_TIMEOUT_S = 2.0
_readiness_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")


def home(request):
    return redirect("jobs:job_list")


@never_cache
def healthz(request):
    """The process is alive (no dependency is touched)."""
    return JsonResponse({"status": "ok"})


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    finally:
        connection.close()  # this thread's connection goes back to the pool


def _cache_answers() -> bool:
    cache.set("readyz", "1", 5)
    # A Redis that failed is covered by each process's memory (intowork.cache): serving, not ready.
    return cache.get("readyz") == "1" and not getattr(cache, "degraded", False)


@never_cache
def readyz(request):
    """The database and the cache answer within a bound: the load balancer may send traffic here."""
    futures = {
        name: _readiness_pool.submit(check)
        for name, check in {"database": _database_answers, "cache": _cache_answers}.items()
    }
    checks = {}
    for name, future in futures.items():
        try:
            checks[name] = "ok" if future.result(timeout=READINESS_TIMEOUT_S) else "unavailable"
        except FutureTimeout:
            checks[name] = "timeout"
        except Exception:  # any failure of the dependency means "not ready", never a 500
            checks[name] = "unavailable"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)


def db_monitoring(request):
    """Staff only (wrapped by admin_view in urls): what the database is doing and how it holds up;
    the statements' text to superusers only."""
    context = {
        **admin.site.each_context(request),
        "sections": monitoring.report(show_query_text=request.user.is_superuser),
        "database": connection.settings_dict["NAME"],
        "now": timezone.now(),
    }
    return render(request, "admin/db_monitoring.html", context)
