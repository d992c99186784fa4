import datetime
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Notification
from accounts.tests.factories import NotificationFactory
from jobs.models import Job, JobStatus
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def run(command, **options) -> str:
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def test_purge_notifications_deletes_only_old_read_ones():
    old = timezone.now() - datetime.timedelta(days=91)
    old_read = NotificationFactory(is_read=True)
    old_unread = NotificationFactory(is_read=False)
    recent_read = NotificationFactory(is_read=True)
    Notification.objects.filter(pk__in=[old_read.pk, old_unread.pk]).update(created_at=old)
    assert run("purge_notifications") == "Deleted 1 read notification(s) older than 90 days.\n"
    assert set(Notification.objects.values_list("pk", flat=True)) == {old_unread.pk, recent_read.pk}
    assert run("purge_notifications") == "Deleted 0 read notification(s) older than 90 days.\n"


def test_purge_expired_deletes_expired_sessions_only():
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - datetime.timedelta(1))
    assert run("purge_expired") == "Deleted 1 expired session(s).\n"
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_close_expired_jobs_is_idempotent():
    now = timezone.now()
    expired = JobFactory(posted_at=now - datetime.timedelta(days=40), expires_at=now - datetime.timedelta(days=1))
    still_open = JobFactory()
    assert run("close_expired_jobs") == "Closed 1 expired job(s).\n"
    assert Job.objects.get(pk=expired.pk).status == JobStatus.CLOSED
    assert Job.objects.get(pk=still_open.pk).status == JobStatus.PUBLISHED
    assert run("close_expired_jobs") == "Closed 0 expired job(s).\n"
