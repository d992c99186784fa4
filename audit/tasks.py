"""The audit trail's periodic work, run by the scheduler (settings.PERIODIC_TASKS)."""

import datetime

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from audit.services import audit_events_purge


@task(queue_name="default")
def purge_audit_events() -> int:
    """Retention: delete the events older than AUDIT_RETENTION_DAYS (idempotent)."""
    return audit_events_purge(before=timezone.now() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS))
