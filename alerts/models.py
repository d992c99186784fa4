"""Job alerts: a saved search (its parameters exactly as /jobs/ and GET /api/v1/jobs/ read them),
who receives it (a member, or a guest's confirmed address), and what was sent: each digest and
each job in it, a job at most once per alert (a unique rule the database keeps)."""

import datetime
from typing import TYPE_CHECKING, Self
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import AnyUser


class AlertFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as jobs appear")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")

    @property
    def interval(self) -> datetime.timedelta:
        """How long after a digest the next one is due. A little under the nominal period: the
        scheduler's runs (every 5 minutes) do not start at the same second each time, and a
        daily alert must not slip to every other run."""
        return {
            AlertFrequency.IMMEDIATE: datetime.timedelta(minutes=4),
            AlertFrequency.DAILY: datetime.timedelta(days=1) - datetime.timedelta(minutes=10),
            AlertFrequency.WEEKLY: datetime.timedelta(days=7) - datetime.timedelta(minutes=10),
        }[self]


class AlertQuerySet(models.QuerySet["Alert"]):
    def owned_by(self, user: "AnyUser") -> Self:
        return self.filter(user=user)

    def for_address(self, email: str) -> Self:
        """Every alert that emails ``email``: a member's (by their account's address) or a guest's."""
        return self.filter(Q(user__email__iexact=email) | Q(user__isnull=True, email__iexact=email))

    def sending(self) -> Self:
        """The alerts that may email: confirmed, not paused, of an active account (or a guest)."""
        return self.filter(confirmed_at__isnull=False, is_paused=False).exclude(user__is_active=False)

    def due(self, now: datetime.datetime) -> Self:
        return self.sending().filter(next_run_at__lte=now)

    def for_listing(self) -> Self:
        return self.order_by("-created_at", "-id")


class Alert(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    email = models.EmailField(
        _("email"), blank=True, help_text=_("A guest's address; a member's alerts go to their account's address.")
    )
    name = models.CharField(_("name"), max_length=120)
    # The search as /jobs/ reads it: {"q": ["python"], "location": ["Paris"]}, only the search's
    # own parameters, without empty ones, sorted (alerts.services.alert_params).
    params = models.JSONField(_("search"), default=dict)
    # sha256 of ``params``: the alerts of one search are matched together, once per run.
    query_key = models.CharField(max_length=64)
    frequency = models.CharField(_("frequency"), max_length=16, choices=AlertFrequency, default=AlertFrequency.DAILY)
    is_paused = models.BooleanField(_("paused"), default=False)
    # A guest's alert sends nothing until its address is confirmed (double opt-in).
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Jobs published after this are new to the alert: moved forward by each run.
    checked_until = models.DateTimeField(_("checked until"), null=True, blank=True)
    next_run_at = models.DateTimeField(_("next digest"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("job alert")
        verbose_name_plural = _("job alerts")
        constraints = [
            # A member's alert goes to their account, a guest's to its address: one or the other.
            models.CheckConstraint(
                condition=(Q(user__isnull=True) & ~Q(email="")) | (Q(user__isnull=False) & Q(email="")),
                name="alerts_alert_owner_check",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=AlertFrequency.values), name="alerts_alert_frequency_check"
            ),
            # One alert per search and person: saving it again is a mistake, not a second alert.
            models.UniqueConstraint(
                "user", "query_key", condition=Q(user__isnull=False), name="alerts_alert_user_search_uniq"
            ),
            models.UniqueConstraint(
                Lower("email"), "query_key", condition=Q(user__isnull=True), name="alerts_alert_guest_search_uniq"
            ),
        ]
        indexes = [
            # The run's "which alerts are due" (AlertQuerySet.due).
            models.Index(
                fields=["next_run_at"],
                condition=Q(confirmed_at__isnull=False, is_paused=False),
                name="alerts_alert_due_idx",
            ),
            # The run's alerts of one search (its batches, locked in turn).
            models.Index(
                fields=["query_key", "next_run_at"],
                condition=Q(confirmed_at__isnull=False, is_paused=False),
                name="alerts_alert_search_due_idx",
            ),
            models.Index(fields=["user", "-created_at"], name="alerts_alert_user_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def query_string(self) -> str:
        """The search as /jobs/'s query string."""
        return urlencode(self.params)

    @property
    def recipient(self) -> str:
        return self.user.email if self.user_id and self.user else self.email

    @property
    def recipient_language(self) -> str:
        return self.user.language if self.user_id and self.user else self.language


class AlertDigestQuerySet(models.QuerySet["AlertDigest"]):
    def unsent(self) -> Self:
        return self.filter(sent_at__isnull=True)


class AlertDigest(models.Model):
    """One email of an alert: the jobs in it are its ``sent_jobs``. Written with them in one
    transaction, then emailed; ``sent_at`` says the email left (a digest left unsent by a crash
    is sent by the next run)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="digests")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    job_count = models.PositiveIntegerField(_("jobs"))
    # How many more matched than the email lists (it links to the search for them).
    more_count = models.PositiveIntegerField(_("more jobs"), default=0)

    objects = AlertDigestQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert digest")
        verbose_name_plural = _("alert digests")
        indexes = [
            # The run's "digests a crash left unsent".
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="alerts_digest_unsent_idx"),
            # The monitoring page's emails sent per day.
            models.Index(fields=["sent_at"], condition=Q(sent_at__isnull=False), name="alerts_digest_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.alert} · {self.created_at:%Y-%m-%d %H:%M}"


class AlertSentJob(models.Model):
    """A job an alert has emailed: never again to that alert."""

    # No index of its own: the unique (alert, job) below serves every lookup by alert, and the
    # run writes ~12 rows per digest, so each index saved counts.
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="sent_jobs", db_index=False)
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    digest = models.ForeignKey(AlertDigest, on_delete=models.CASCADE, related_name="sent_jobs")

    class Meta:
        verbose_name = _("job sent by an alert")
        verbose_name_plural = _("jobs sent by alerts")
        constraints = [
            # Never the same job twice to the same alert, whatever runs at once.
            models.UniqueConstraint(fields=["alert", "job"], name="alerts_alertsentjob_alert_job_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.job_id}"
