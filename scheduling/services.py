"""The scheduler's one action: enqueue the periodic tasks that are due."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from scheduling.models import PeriodicRun


def periodic_tasks_enqueue_due(
    *, now: datetime.datetime | None = None, schedule: Mapping[str, Mapping[str, Any]] | None = None
) -> list[str]:
    """Enqueue each task of ``schedule`` (default ``settings.PERIODIC_TASKS``) whose last run is
    ``every`` ago or more; the names enqueued.

    Each name is its own transaction holding its row ``FOR UPDATE SKIP LOCKED``: a second
    scheduler skips a name the first is enqueueing, then finds it not due. The task is enqueued
    inside that transaction: with the database task backend its row commits together with
    ``last_run_at`` (a crash loses or repeats nothing), and the worker runs it."""
    now = now or timezone.now()
    schedule = settings.PERIODIC_TASKS if schedule is None else schedule
    PeriodicRun.objects.bulk_create([PeriodicRun(name=name) for name in schedule], ignore_conflicts=True)
    enqueued = []
    for name, entry in schedule.items():
        with transaction.atomic():
            run = PeriodicRun.objects.select_for_update(skip_locked=True).filter(name=name).first()
            if run is None or (run.last_run_at is not None and now - run.last_run_at < entry["every"]):
                continue
            result = import_string(entry["task"]).enqueue()
            run.last_run_at, run.last_task_id = now, str(result.id)[:64]
            run.save(update_fields=["last_run_at", "last_task_id"])
            enqueued.append(name)
    return enqueued
