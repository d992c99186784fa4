import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from scheduling.models import PeriodicRun
from scheduling.services import periodic_tasks_enqueue_due

pytestmark = pytest.mark.django_db

# A task that counts its runs: what the scheduler enqueues is run at once by the test backend.
RUNS: list[str] = []
SCHEDULE = {"count": {"task": "scheduling.tests.test_scheduler.count_run", "every": datetime.timedelta(hours=1)}}


@task()
def count_run() -> None:
    RUNS.append("ran")


@pytest.fixture(autouse=True)
def _no_runs():
    RUNS.clear()


def test_a_task_runs_when_due_and_not_again_before_its_interval():
    now = timezone.now()
    assert periodic_tasks_enqueue_due(now=now, schedule=SCHEDULE) == ["count"]
    assert periodic_tasks_enqueue_due(now=now + datetime.timedelta(minutes=59), schedule=SCHEDULE) == []
    assert periodic_tasks_enqueue_due(now=now + datetime.timedelta(hours=1), schedule=SCHEDULE) == ["count"]
    assert RUNS == ["ran", "ran"]
    assert PeriodicRun.objects.get(name="count").last_run_at == now + datetime.timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_a_second_scheduler_skips_a_task_the_first_holds():
    PeriodicRun.objects.create(name="count")
    held, release = threading.Event(), threading.Event()

    def first_scheduler():
        with transaction.atomic():
            PeriodicRun.objects.select_for_update().get(name="count")
            held.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=first_scheduler)
    thread.start()
    held.wait(10)
    try:
        assert periodic_tasks_enqueue_due(schedule=SCHEDULE) == []  # skipped, not waiting
    finally:
        release.set()
        thread.join()
    assert RUNS == []


def test_the_settings_schedule_names_real_tasks(settings):
    from django.tasks import Task
    from django.utils.module_loading import import_string

    assert {"purge_audit_events", "send_alert_digests"} <= set(settings.PERIODIC_TASKS)
    for entry in settings.PERIODIC_TASKS.values():
        assert isinstance(import_string(entry["task"]), Task)
        assert entry["every"] > datetime.timedelta(0)


def test_the_command_runs_once_and_enqueues_the_due_tasks(settings, capsys):
    settings.PERIODIC_TASKS = SCHEDULE
    call_command("run_scheduler", "--once")
    assert "Enqueued count." in capsys.readouterr().out and RUNS == ["ran"]


def test_the_nightly_audit_purge_is_a_task_that_keeps_recent_events():
    from audit.models import AuditAction
    from audit.services import audit_record
    from audit.tasks import purge_audit_events

    audit_record(action=AuditAction.APPLICATION_VIEWED, actor=None)
    assert purge_audit_events.call() == 0
