"""Applications to jobs and their append-only history: the hiring pipeline's rows."""

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Role, User
from candidates.models import CandidateProfile
from jobs.models.choices import ENDED_APPLICATION_STATUSES, ApplicationStatus, WithdrawalReason

if TYPE_CHECKING:  # postings.py imports this module: the name is for the annotations only
    from jobs.models.postings import Job


class ApplicationQuerySet(models.QuerySet["Application"]):
    def live(self) -> Self:
        """Applications still in the pipeline: the ones that block applying again."""
        return self.exclude(status__in=ENDED_APPLICATION_STATUSES)

    def has_live(self, *, candidate: CandidateProfile, job: "Job") -> bool:
        """Whether ``candidate`` holds a live application to ``job`` (the rule that
        jobs_application_one_live_per_candidate_job_uniq enforces)."""
        return self.live().filter(candidate=candidate, job=job).exists()

    def visible_to(self, user: AnyUser) -> Self:
        """Applications ``user`` may see: a candidate their own, an employer their companies'.
        Staff see all."""
        if isinstance(user, AnonymousUser):
            return self.none()
        if user.is_staff:
            return self
        # One plain join per role, which the planner turns into index lookups on the foreign
        # keys (about 1 ms at 1M applications); an OR of both rules hid them behind a
        # filter and scanned every application (300 ms idle, seconds under load).
        if user.role == Role.EMPLOYER:
            return self.for_company_member(user)
        return self.submitted_by(user)

    def submitted_by(self, user: User) -> Self:
        """The applications ``user`` (an account) sent as a candidate."""
        return self.filter(candidate__user=user)

    def for_company_member(self, user: User) -> Self:
        return self.filter(job__company__memberships__user=user)

    def for_listing(self) -> Self:
        return self.select_related("job", "job__company", "candidate", "candidate__user", "cv")


class Application(models.Model):
    job = models.ForeignKey(
        # Hiring records are never deleted by deleting their job.
        "jobs.Job",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("job"),
    )
    candidate = models.ForeignKey(
        # Nor by deleting the candidate: their applications are anonymised first (no candidate,
        # anonymised_at set; jobs_application_candidate_or_anonymised_check), so employers'
        # funnels and counts do not change.
        "candidates.CandidateProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("candidate"),
    )
    cv = models.ForeignKey(
        # A candidate may delete a CV (it is their personal data); the application stays.
        "candidates.CV",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("CV"),
    )
    cover_letter = models.TextField(_("cover letter"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ApplicationStatus, default=ApplicationStatus.APPLIED)
    employer_notes = models.TextField(_("employer notes"), blank=True)
    # Why the candidate withdrew, if they said (their own words go to the status change's note).
    withdrawal_reason = models.CharField(
        _("withdrawal reason"), max_length=16, choices=WithdrawalReason, blank=True, default=""
    )
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When its personal data was erased (the candidate deleted their account, or the company's
    # retention period passed): the row stays for the counts, with nothing about the person.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-applied_at", "-id"]
        constraints = [
            # One live application per candidate and job; re-applying after a rejection or a
            # withdrawal is allowed (seeds: unique_candidate_job_application). Also serves the
            # "already applied?" EXISTS and the seeds' idx_job_applications_candidate_job.
            models.UniqueConstraint(
                fields=["candidate", "job"],
                condition=~Q(status__in=["rejected", "withdrawn"]),
                name="jobs_application_one_live_per_candidate_job_uniq",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="jobs_application_status_valid_check"
            ),
            # A known reason, and only on a withdrawn application (the employer's statistics
            # count them per job).
            models.CheckConstraint(
                condition=Q(withdrawal_reason="")
                | Q(withdrawal_reason__in=WithdrawalReason.values, status=ApplicationStatus.WITHDRAWN),
                name="jobs_application_withdrawal_reason_check",
            ),
            # An application loses its candidate only by being anonymised: a NULL candidate is
            # never a bug or a half-done deletion.
            models.CheckConstraint(
                condition=Q(candidate__isnull=False) | Q(anonymised_at__isnull=False),
                name="jobs_application_candidate_or_anonymised_check",
            ),
        ]
        indexes = [
            # An employer's applications per job, by status, newest first
            # (seeds: idx_job_applications_job_id_status).
            models.Index(fields=["job", "status", "-applied_at"], name="jobs_app_job_status_idx"),
            # A candidate's applications by status (seeds: idx_job_applications_candidate_id_status).
            models.Index(fields=["candidate", "status", "-applied_at"], name="jobs_app_candidate_status_idx"),
            # The nightly retention job's ended, not yet anonymised applications, oldest first.
            models.Index(
                fields=["updated_at"],
                condition=Q(status__in=["rejected", "withdrawn"], anonymised_at__isnull=True),
                name="jobs_app_retention_idx",
            ),
            # "Applications per day, last 30 days" on dashboards.
            models.Index(fields=["job", "applied_at"], name="jobs_app_job_applied_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate or _('Anonymised candidate')} → {self.job}"

    @property
    def candidate_name(self) -> str:
        """Who applied, as the company sees it (``candidate__user`` loaded with it); an
        anonymised application names no one."""
        return self.candidate.user.display_name if self.candidate is not None else str(_("Anonymised candidate"))

    @property
    def employer_moves(self) -> list[ApplicationStatus]:
        return ApplicationStatus(self.status).employer_moves

    @property
    def can_withdraw(self) -> bool:
        return ApplicationStatus(self.status).can_withdraw


class ApplicationStatusChange(models.Model):
    """Append-only history of an application's status (a trigger refuses UPDATE)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("application")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=ApplicationStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=ApplicationStatus)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["application", "created_at"], name="jobs_statuschange_app_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_status__in=ApplicationStatus.values), name="jobs_statuschange_to_valid_check"
            ),
            models.CheckConstraint(
                condition=Q(from_status="") | Q(from_status__in=ApplicationStatus.values),
                name="jobs_statuschange_from_valid_check",
            ),
            models.CheckConstraint(condition=~Q(from_status=F("to_status")), name="jobs_statuschange_moves_check"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class ApplicationCountQuerySet(models.QuerySet["ApplicationCount"]):
    def for_company_member(self, user: User) -> Self:
        return self.filter(job__company__memberships__user=user)

    def by_status(self) -> dict[str, int]:
        """{status: applications}, summed over the rows selected (statuses with none are absent)."""
        return dict(self.order_by().values_list("status").annotate(total=Sum("n")))


class ApplicationCount(models.Model):
    """How many applications of a job are at a status, by the furthest hiring stage each
    reached and the reason given for a withdrawal: the dashboards read these few rows instead
    of counting applications and their history. Kept by the DATABASE (statement triggers of
    migration 0010 on jobs_application and jobs_applicationstatuschange), so the counts stay
    exact whatever writes (services, bulk updates, the admin, the seed, raw SQL); never
    written by Django. Rows at zero stay, harmless and reused."""

    job = models.ForeignKey(
        # No index of its own: the unique key starts with the job.
        "jobs.Job",
        on_delete=models.CASCADE,
        db_index=False,
        related_name="application_counts",
        verbose_name=_("job"),
    )
    status = models.CharField(_("status"), max_length=16, choices=ApplicationStatus)
    # FUNNEL_STAGES.index() of the furthest stage the application's status or history reached.
    furthest_stage = models.PositiveSmallIntegerField(_("furthest stage"))
    withdrawal_reason = models.CharField(_("withdrawal reason"), max_length=16, blank=True, default="")
    # A trigger adding a negative delta to a missing or too small row fails on n's CHECK (>= 0):
    # a drift shows as an error, not as a wrong figure.
    n = models.PositiveIntegerField(_("applications"), default=0)

    objects = ApplicationCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("application count")
        verbose_name_plural = _("application counts")
        constraints = [
            # One row per key: the triggers' INSERT ... ON CONFLICT adds to it.
            models.UniqueConstraint(
                fields=["job", "status", "furthest_stage", "withdrawal_reason"],
                name="jobs_applicationcount_key_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_id} {self.status} {self.furthest_stage}: {self.n}"
