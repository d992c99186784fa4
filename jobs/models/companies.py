"""Companies, their members and the invitations that bring new members in."""

import hashlib
from datetime import datetime, timedelta
from typing import Self

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from intowork.constraints import ConstraintMessage
from jobs.models.choices import CompanySize, JobStatus, MemberRole


class CompanyQuerySet(models.QuerySet["Company"]):
    def for_member(self, user: User) -> Self:
        return self.filter(memberships__user=user)


RETENTION_RANGE = _("Keep ended applications between 1 and 60 months.")
COMPANY_CONSTRAINT_MESSAGES = {
    "jobs_company_retention_months_range_check": ConstraintMessage(
        "retention_months", RETENTION_RANGE, "retention_range"
    ),
}


class Company(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=16, choices=CompanySize, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    # Staff vouch for the company: its jobs are never held for approval (moderation app).
    is_trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Its jobs are public as soon as they are published, without waiting for staff approval."),
    )
    # How long rejected and withdrawn applications keep the candidate's data before the nightly
    # job anonymises them (jobs.services.applications_anonymise_expired); candidates read it
    # on the apply page.
    retention_months = models.PositiveSmallIntegerField(
        _("keep ended applications for (months)"),
        default=12,
        help_text=_(
            "Rejected and withdrawn applications are anonymised after this many months (1 to 60): "
            "your counts stay, the candidate's data goes."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="jobs_company_slug_uniq"),
            models.CheckConstraint(
                condition=Q(size="") | Q(size__in=CompanySize.values), name="jobs_company_size_valid_check"
            ),
            # At least a month (time to reconsider, to answer a question); at most five years.
            models.CheckConstraint(
                condition=Q(retention_months__gte=1, retention_months__lte=60),
                name="jobs_company_retention_months_range_check",
                violation_error_message=RETENTION_RANGE,
            ),
        ]
        indexes = [
            # Typo-tolerant company lookup in search and the admin (seeds: companies name trigram).
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="jobs_company_name_trgm_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("jobs:company_detail", kwargs={"slug": self.slug})

    def has_published_jobs(self) -> bool:
        """Whether the company shows on the public site now: its logo is public then."""
        return self.jobs.filter(status=JobStatus.PUBLISHED).exists()

    @property
    def logo_url(self) -> str:
        """The public address of the logo ("" without one), versioned by the file's name: a new
        logo gets a new address, so browsers may keep each one for long (jobs.views.public)."""
        if not self.logo:
            return ""
        version = hashlib.sha256((self.logo.name or "").encode()).hexdigest()[:12]
        return f"{reverse('jobs:company_logo', kwargs={'slug': self.slug})}?v={version}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def of_user(self, user: User) -> Self:
        """``user``'s memberships with their companies, oldest first: the first one is the
        company the employer pages and the API act for."""
        return self.filter(user=user).select_related("company").order_by("created_at", "id")

    def owners(self) -> Self:
        return self.filter(role=MemberRole.OWNER)


class Membership(models.Model):
    """A user's membership of a company, with a role (seeds: employers). Its table keeps the
    seeds' name, ``jobs_employer``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("company")
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole, default=MemberRole.RECRUITER)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        db_table = "jobs_employer"
        verbose_name = _("employer membership")
        verbose_name_plural = _("employer memberships")
        ordering = ["company", "user"]
        # A company always keeps an owner: the services refuse removing or demoting the last one,
        # and a deferred constraint trigger (migration 0010) refuses it whatever writes the row.
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="jobs_employer_user_company_uniq"),
            models.CheckConstraint(condition=Q(role__in=MemberRole.values), name="jobs_employer_role_valid_check"),
        ]
        indexes = [
            # "Who are this company's members" (notification fan-out, member pages).
            models.Index(fields=["company", "role"], name="jobs_employer_company_role_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company}"


# How long an invitation's link works; sending it again gives it as long again.
INVITATION_VALID_FOR = timedelta(days=7)


def invitation_expiry() -> datetime:
    return timezone.now() + INVITATION_VALID_FOR


class CompanyInvitationQuerySet(models.QuerySet["CompanyInvitation"]):
    def open(self) -> Self:
        """Not accepted yet, expired or not: the owners see these, and may send them again."""
        return self.filter(accepted_at__isnull=True)

    def pending(self) -> Self:
        """Open and still valid: what the invitee may accept."""
        return self.open().filter(expires_at__gt=timezone.now())

    def open_for(self, user: User) -> Self:
        """The invitations waiting for ``user``'s address, with their companies."""
        return self.pending().filter(email__iexact=user.email).select_related("company")


class CompanyInvitation(models.Model):
    """An owner's invitation for someone to join the company, accepted by email link."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("company")
    )
    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Sent (or sent again) at expires_at - INVITATION_VALID_FOR.
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    objects = CompanyInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("company invitation")
        verbose_name_plural = _("company invitations")
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per company and address.
            models.UniqueConstraint(
                "company",
                models.functions.Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="jobs_invitation_open_company_email_uniq",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="jobs_invitation_expires_after_created_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
