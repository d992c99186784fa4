"""Writing the audit trail, and its retention: the only ways rows come and go."""

import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from accounts.models import User

# The transaction-local setting the append-only trigger reads (migration 0002): only retention
# sets it, for its own transaction.
PURGE_SETTING = "intowork.audit_purge"


def audit_record(
    *,
    action: AuditAction,
    actor: "User | None",
    company_id: int | None = None,
    application_id: int | None = None,
    cv_id: int | None = None,
    subject_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one event to the trail: one INSERT and nothing read, so the pages that record (a
    recruiter opening an application, a CV downloaded) cost one query more, whatever the data.

    Everything is given by id: the caller already holds the rows, and passing objects would
    invite a lazy load. ``company_id`` is the company whose owners see the event: whose
    application or CV it was. The privacy features call it for exports (``DATA_EXPORTED``,
    ``subject_id`` = whose data) and deletions (``ACCOUNT_DELETED``, ``APPLICATION_ANONYMISED``).
    """
    return AuditEvent.objects.create(
        action=action,
        actor_id=actor.pk if actor is not None else None,
        company_id=company_id,
        application_id=application_id,
        cv_id=cv_id,
        subject_id=subject_id,
        detail=detail or {},
    )


def audit_record_each(*, action: AuditAction, actor: "User | None", application_companies: dict[int, int]) -> None:
    """One event per application ({application_id: company_id}), in one INSERT: what a batch
    (an account's deletion, retention) did to each company's applications, for its owners."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=action,
            actor_id=actor.pk if actor is not None else None,
            company_id=company_id,
            application_id=application_id,
        )
        for application_id, company_id in application_companies.items()
    )


@transaction.atomic
def audit_events_purge(*, before: datetime.datetime) -> int:
    """Delete the events older than ``before`` (retention); how many. The only DELETE the
    trigger lets through: it is told so for this statement alone, in this transaction only,
    never for the connection (a pooled connection must not carry it to the next request),
    nor for the rest of a caller's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
        try:
            deleted, _by_model = AuditEvent.objects.filter(created_at__lt=before).delete()
        finally:
            cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])
    return deleted
