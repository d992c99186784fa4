"""Reports of jobs by anyone, and our staff's decisions on jobs: approving a new company's job,
hiding a reported one, restoring it. Whether a job may be public is ``jobs.Job.moderation``,
which only these services set; this app keeps why."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intowork.constraints import ConstraintMessage
from jobs.models import Job


class ReportReason(models.TextChoices):
    SCAM = "scam", _("Scam or fraud (asks for money, personal documents…)")
    MISLEADING = "misleading", _("Misleading or false")
    DISCRIMINATION = "discrimination", _("Discriminatory")
    OFFENSIVE = "offensive", _("Offensive or inappropriate")
    SPAM = "spam", _("Spam or duplicate")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("To review")
    DISMISSED = "dismissed", _("Dismissed")
    UPHELD = "upheld", _("Upheld: job hidden")


class JobReportQuerySet(models.QuerySet["JobReport"]):
    def open(self) -> Self:
        return self.filter(status=ReportStatus.OPEN)


# How a person is told that a report breaks a rule the database keeps.
REPORT_CONSTRAINT_MESSAGES = {
    "moderation_jobreport_one_open_per_reporter_uniq": ConstraintMessage(
        None, _("You have already reported this job: our team is looking at it."), "already_reported"
    ),
}


class JobReport(models.Model):
    """Someone's report that a job breaks the rules (guests too: ``reporter`` is then empty)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="reports", verbose_name=_("job"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=ReportReason)
    note = models.TextField(_("details"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution_note = models.TextField(_("staff note"), blank=True)

    objects = JobReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("job report")
        verbose_name_plural = _("job reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=ReportReason.values), name="moderation_jobreport_reason_check"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="moderation_jobreport_status_check"
            ),
            # Open until a staff member resolves it, and then it says when.
            models.CheckConstraint(
                condition=Q(status=ReportStatus.OPEN, resolved_at__isnull=True)
                | (~Q(status=ReportStatus.OPEN) & Q(resolved_at__isnull=False)),
                name="moderation_jobreport_resolved_has_date_check",
            ),
            # One open report per person and job: reporting again adds nothing to the queue.
            models.UniqueConstraint(
                fields=["job", "reporter"],
                condition=Q(status=ReportStatus.OPEN, reporter__isnull=False),
                name="moderation_jobreport_one_open_per_reporter_uniq",
            ),
        ]
        indexes = [
            # The staff's queue: open reports, oldest first.
            models.Index(
                fields=["created_at"], condition=Q(status=ReportStatus.OPEN), name="moderation_report_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.job}"


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    HIDDEN = "hidden", _("Hidden")
    RESTORED = "restored", _("Restored")
    REPORTS_DISMISSED = "reports_dismissed", _("Reports dismissed")


class JobDecision(models.Model):
    """What a staff member decided about a job, and why: the history behind ``Job.moderation``."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="moderation_decisions", verbose_name=_("job"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="moderation_decision_valid_check"),
            # Hiding a job says why (its company is told).
            models.CheckConstraint(
                condition=~Q(decision=Decision.HIDDEN) | ~Q(note=""), name="moderation_decision_hidden_has_note_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} · {self.job}"


class JobForReview(Job):
    """Jobs as our staff review them (their own admin page: waiting, hidden, reported)."""

    class Meta:
        proxy = True
        verbose_name = _("job to review")
        verbose_name_plural = _("jobs to review")
