"""gunicorn settings for production; every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Django's views are mostly waiting on PostgreSQL: two processes per core, a few threads each.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# A request never needs more than the database's statement timeout (5 s) plus rendering.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# Longer than any client or load balancer keeps an idle connection (ALB: 60 s), so the server
# is never the side that closes: closing first races a request already on the wire, which the
# client sees as a reset (seen in the load test at 5 s). gthread parks idle connections in its
# poller, not in a thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 5000
max_requests_jitter = 500
# Logs to stdout/stderr for the container runtime; access log in JSON-friendly form.
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"remote": "%({x-forwarded-for}i)s", "method": "%(m)s", "path": "%(U)s", "query": "%(q)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
# The same log, with the keys in invitation, password-reset and confirmation links redacted.
logger_class = "intowork.log_redaction.GunicornLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Each worker opens its own connection pool after forking.
preload_app = False
