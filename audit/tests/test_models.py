"""The audit trail is kept by PostgreSQL: no UPDATE, no DELETE, whatever writes, except
forgetting deleted rows and the deletions of retention."""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from audit.services import audit_events_purge, audit_record
from audit.tests.factories import AuditEventFactory
from candidates.tests.factories import CVFactory
from intowork.tests.helpers import violates
from jobs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_changed():
    event = AuditEventFactory()
    with violates("append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.CV_DOWNLOADED)
    with violates("append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(actor=MembershipFactory().user)  # not a NULL: a rewrite
    with violates("append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET created_at = now() - interval '1 year'")


def test_an_event_cannot_be_deleted_not_even_in_sql():
    event = AuditEventFactory()
    with violates("only retention deletes"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with violates("only retention deletes"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_permission_to_delete_ends_with_the_purge():
    AuditEventFactory()
    with transaction.atomic():  # a caller's own transaction goes on after the purge
        audit_events_purge(before=timezone.now() - datetime.timedelta(days=1))  # deletes nothing
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('intowork.audit_purge', true)")
            assert cursor.fetchone()[0] == "off"
    with violates("only retention deletes"):
        AuditEvent.objects.all().delete()


def test_deleting_what_an_event_names_keeps_the_event():
    cv = CVFactory()
    owner = MembershipFactory()
    event = audit_record(action=AuditAction.CV_DOWNLOADED, actor=owner.user, company_id=owner.company_id, cv_id=cv.pk)
    cv.delete()  # the candidate deletes their CV
    owner.user.delete()  # and the recruiter leaves
    event.refresh_from_db()
    assert (event.cv_id, event.actor_id, event.company_id, event.action) == (
        None,
        None,
        owner.company_id,
        AuditAction.CV_DOWNLOADED,
    )


def test_retention_deletes_the_old_events_only():
    recent = AuditEventFactory()
    with connection.cursor() as cursor:  # written old: an event's time cannot be changed afterwards
        cursor.execute(
            "INSERT INTO audit_auditevent (created_at, action, detail) VALUES (now() - interval '800 days', %s, '{}')",
            [AuditAction.DATA_EXPORTED],
        )
    assert audit_events_purge(before=timezone.now() - datetime.timedelta(days=730)) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_action_is_checked():
    with violates("audit_event_action_valid_check"):
        AuditEventFactory(action="peeked")


def test_a_move_names_its_statuses():
    with violates("audit_event_move_has_statuses_check"):
        AuditEventFactory(action=AuditAction.APPLICATION_MOVED, detail={"to": "interview"})


def test_recording_is_one_insert_and_reads_nothing(django_assert_num_queries):
    owner = MembershipFactory()
    with django_assert_num_queries(1):
        audit_record(action=AuditAction.DATA_EXPORTED, actor=owner.user, subject_id=owner.user.pk)
