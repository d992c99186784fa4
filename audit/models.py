"""The audit trail: who opened, downloaded, moved, exported or deleted someone's data, and when.

Rows are only ever added (``audit.services.audit_record``). PostgreSQL keeps it so: a trigger
(migration 0002) refuses every UPDATE and DELETE, except forgetting a reference to a row that
was deleted (``on_delete=SET_NULL``) and the deletions of retention, which say so with a
transaction-local setting (``audit.services.audit_events_purge``).
"""

from typing import Self

from django.conf import settings
from django.contrib.postgres.indexes import BrinIndex
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    APPLICATION_VIEWED = "application_viewed", _("Opened an application")
    APPLICATION_MOVED = "application_moved", _("Moved an application")
    CV_DOWNLOADED = "cv_downloaded", _("Downloaded a CV")
    DATA_EXPORTED = "data_exported", _("Exported personal data")
    ACCOUNT_DELETED = "account_deleted", _("Deleted an account")
    APPLICATION_ANONYMISED = "application_anonymised", _("Anonymised an application")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_company(self, company_id: int) -> Self:
        """What was done to the data a company holds: its owners' activity log."""
        return self.filter(company_id=company_id)

    def for_listing(self) -> Self:
        """Newest first, with whatever a row names (who acted, whose application, which job)."""
        return self.select_related(
            "actor", "subject", "cv", "application__job", "application__candidate__user"
        ).order_by("-created_at", "-id")


class AuditEvent(models.Model):
    """One thing done to someone's data: the action, who did it, what it concerned."""

    Action = AuditAction

    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction)
    # The trail outlives what it names: a deleted row leaves the event pointing at nothing
    # (SET_NULL, the one UPDATE the trigger allows).
    # Who acted; empty once their account is deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Whose records they were (the company's owners see its rows) and what the action concerned.
    company = models.ForeignKey(
        "jobs.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the first column of audit_event_company_idx
        verbose_name=_("company"),
    )
    application = models.ForeignKey(
        "jobs.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # audit_event_application_idx
        verbose_name=_("application"),
    )
    cv = models.ForeignKey(
        "candidates.CV",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # audit_event_cv_idx, partial
        verbose_name=_("CV"),
    )
    # The person the data is about, when no application says it (an export, a deletion).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about"),
    )
    # What else there is to know: a move's statuses ({"from": "applied", "to": "interview"}).
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=AuditAction.values), name="audit_event_action_valid_check"),
            # A move names the statuses it went between.
            models.CheckConstraint(
                condition=~Q(action=AuditAction.APPLICATION_MOVED)
                | (Q(detail__has_key="from") & Q(detail__has_key="to")),
                name="audit_event_move_has_statuses_check",
            ),
        ]
        indexes = [
            # A company's activity log, newest first (its owners' page and API).
            models.Index(F("company"), F("created_at").desc(), F("id").desc(), name="audit_event_company_idx"),
            # Who opened this application; and clearing the reference if it is ever deleted.
            models.Index(fields=["application"], name="audit_event_application_idx"),
            # Clearing a deleted CV's reference (most rows have none).
            models.Index(fields=["cv"], condition=Q(cv__isnull=False), name="audit_event_cv_idx"),
            # Retention deletes the oldest rows: the rows arrive in time order, a BRIN index is tiny.
            BrinIndex(fields=["created_at"], name="audit_event_created_brin_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"
