from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role
from intowork.constraints import salary_range_checks


class CompanySize(models.TextChoices):
    MICRO = "1-10", _("1–10 employees")
    SMALL = "11-50", _("11–50 employees")
    MEDIUM = "51-200", _("51–200 employees")
    LARGE = "201-1000", _("201–1,000 employees")
    ENTERPRISE = "1000+", _("More than 1,000 employees")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    RECRUITER = "recruiter", _("Recruiter")


class LocationType(models.TextChoices):
    ON_SITE = "on_site", _("On-site")
    REMOTE = "remote", _("Remote")
    HYBRID = "hybrid", _("Hybrid")


class JobType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    # A context: "Contract" is also the label of the job type field, and French says each differently.
    CONTRACT = "contract", pgettext_lazy("job type", "Contract")
    INTERNSHIP = "internship", _("Internship")
    TEMPORARY = "temporary", _("Temporary")


class JobStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")

    @property
    def next_statuses(self) -> frozenset["JobStatus"]:
        return JOB_TRANSITIONS[self]


JOB_TRANSITIONS = {
    JobStatus.DRAFT: frozenset({JobStatus.PUBLISHED, JobStatus.ARCHIVED}),
    JobStatus.PUBLISHED: frozenset({JobStatus.CLOSED, JobStatus.ARCHIVED}),
    JobStatus.CLOSED: frozenset({JobStatus.PUBLISHED, JobStatus.ARCHIVED}),
    JobStatus.ARCHIVED: frozenset(),
}


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    VIEWED = "viewed", _("Viewed")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW = "interview", _("Interview")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @property
    def next_statuses(self) -> frozenset["ApplicationStatus"]:
        return APPLICATION_TRANSITIONS[self]

    @property
    def is_final(self) -> bool:
        return not APPLICATION_TRANSITIONS[self]


S = ApplicationStatus
# The hiring pipeline. Employers move applications forward or reject them; only the
# candidate withdraws. Accepted, rejected and withdrawn are final.
APPLICATION_TRANSITIONS = {
    S.APPLIED: frozenset({S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.REJECTED, S.WITHDRAWN}),
    S.VIEWED: frozenset({S.SHORTLISTED, S.INTERVIEW, S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.SHORTLISTED: frozenset({S.INTERVIEW, S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.INTERVIEW: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
# An application that no longer blocks a new one for the same job.
ENDED_APPLICATION_STATUSES = (S.REJECTED, S.WITHDRAWN)
# Statuses an employer sets (withdrawing is the candidate's).
EMPLOYER_SETTABLE_STATUSES = (S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.ACCEPTED, S.REJECTED)
del S


# --- Companies and their members ------------------------------------------------------


class CompanyQuerySet(models.QuerySet):
    def for_member(self, user):
        return self.filter(memberships__user=user)


class Company(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=16, choices=CompanySize, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
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
        ]
        indexes = [
            # Typo-tolerant company lookup in search and the admin (seeds: companies name trigram).
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="jobs_company_name_trgm_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("jobs:company_detail", kwargs={"slug": self.slug})


class EmployerQuerySet(models.QuerySet):
    def of_user(self, user):
        """``user``'s memberships with their companies, oldest first: the first one is the
        company the employer pages and the API act for."""
        return self.filter(user=user).select_related("company").order_by("created_at", "id")


class Employer(models.Model):
    """A user's membership of a company (seeds: employers)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("company")
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole, default=MemberRole.RECRUITER)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer membership")
        verbose_name_plural = _("employer memberships")
        ordering = ["company", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="jobs_employer_user_company_uniq"),
            models.CheckConstraint(condition=Q(role__in=MemberRole.values), name="jobs_employer_role_valid_check"),
        ]
        indexes = [
            # "Who are this company's members" (notification fan-out, member pages).
            models.Index(fields=["company", "role"], name="jobs_employer_company_role_idx"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.company}"


class CompanyInvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True)

    def open_for(self, user):
        """The invitations waiting for ``user``'s address, with their companies."""
        return self.open().filter(email__iexact=user.email).select_related("company")


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
        ]

    def __str__(self):
        return f"{self.email} → {self.company}"


# --- Jobs -------------------------------------------------------------------------------


class JobQuerySet(models.QuerySet):
    def published(self):
        """Jobs a visitor may see: published and not past their expiry."""
        now = timezone.now()
        return self.filter(status=JobStatus.PUBLISHED).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def for_listing(self):
        return self.select_related("company")

    def for_cards(self):
        """What a result card or a list item shows: without the long texts and the search
        vector, which are TOASTed and would cost a detour per row to read."""
        return self.select_related("company").defer("description", "requirements", "search_vector")

    def search(self, q: str | None, ordering: str | None = None):
        """These jobs searched with web-search syntax, ranked title > company/skills >
        description, typo-tolerant: a ``jobs.search.JobSearch`` to read pages or cursors from."""
        from jobs.search import JobSearch  # imported late: jobs.search is loaded by services

        return JobSearch(self, q, ordering)

    def for_company_member(self, user):
        return self.filter(company__memberships__user=user)

    def with_has_applied(self, user):
        """Annotate whether ``user`` holds a live application to each job (one EXISTS)."""
        if not getattr(user, "is_authenticated", False):
            return self.annotate(has_applied=models.Value(False))
        live = Application.objects.live().filter(job=OuterRef("pk"), candidate__user=user)
        return self.annotate(has_applied=Exists(live))

    def with_is_saved(self, user):
        """Annotate whether ``user`` bookmarked each job (one EXISTS)."""
        if not getattr(user, "is_authenticated", False):
            return self.annotate(is_saved=models.Value(False))
        from candidates.models import SavedJob  # candidates.models reads this module

        return self.annotate(is_saved=Exists(SavedJob.objects.filter(job=OuterRef("pk"), candidate__user=user)))


# How a person is told that a job breaks one of its constraints: the field it belongs to and
# the message. The API's serializer and the site's form both read it.
JOB_CONSTRAINT_MESSAGES = {
    "jobs_job_salary_min_lte_max_check": ("salary_max", _("The maximum must be at least the minimum.")),
    "jobs_job_posted_lte_expires_check": ("expires_at", _("The expiry date is before the posting date.")),
    "jobs_job_published_has_date_and_salary_check": (
        "salary_min",
        _("A published job shows its salary range: give both amounts."),
    ),
}


# What an employer writes and edits on a job, on the site's form and over the API alike.
JOB_CONTENT_FIELDS = [
    "title",
    "description",
    "requirements",
    "skills",
    "location",
    "location_type",
    "job_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "expires_at",
]


class Job(models.Model):
    company = models.ForeignKey(
        # A company with jobs is never deleted silently: close and archive the jobs first.
        Company,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("company"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_jobs",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    description = models.TextField(_("description"), help_text=_("Markdown is supported."))
    requirements = models.TextField(_("requirements"), blank=True, help_text=_("Markdown is supported."))
    skills = ArrayField(models.CharField(max_length=60), default=list, blank=True, verbose_name=_("skills"))
    location = models.CharField(_("location"), max_length=120, blank=True)
    location_type = models.CharField(
        _("location type"), max_length=16, choices=LocationType, default=LocationType.ON_SITE
    )
    job_type = models.CharField(_("job type"), max_length=16, choices=JobType, default=JobType.FULL_TIME)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus, default=JobStatus.DRAFT)
    salary_min = models.PositiveIntegerField(_("salary from"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary up to"), null=True, blank=True)
    salary_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    application_count = models.PositiveIntegerField(_("applications"), default=0)
    # Maintained by the database (trigger jobs_job_search_vector_trg, migration 0002):
    # title (A) > company name and skills (B) > description and requirements (C).
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "slug"], name="jobs_job_company_slug_uniq"),
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="jobs_job_status_valid_check"),
            models.CheckConstraint(
                condition=Q(location_type__in=LocationType.values), name="jobs_job_location_type_valid_check"
            ),
            models.CheckConstraint(condition=Q(job_type__in=JobType.values), name="jobs_job_job_type_valid_check"),
            *salary_range_checks("jobs_job", "salary_min", "salary_max"),
            models.CheckConstraint(
                condition=Q(posted_at__isnull=True) | Q(expires_at__isnull=True) | Q(posted_at__lte=F("expires_at")),
                name="jobs_job_posted_lte_expires_check",
            ),
            # A published job has a posting date and shows its pay (EU pay transparency).
            models.CheckConstraint(
                condition=~Q(status=JobStatus.PUBLISHED)
                | (Q(posted_at__isnull=False) & Q(salary_min__isnull=False) & Q(salary_max__isnull=False)),
                name="jobs_job_published_has_date_and_salary_check",
            ),
        ]
        indexes = [
            # Newest published jobs: the default listing, feeds, sitemaps, keyset pagination.
            models.Index(
                F("posted_at").desc(),
                F("id").desc(),
                condition=Q(status="published"),
                name="jobs_job_published_recent_idx",
            ),
            # Listing filtered by location type / job type (seeds: idx_jobs_status_location_type,
            # idx_jobs_status_job_type, both partial on published).
            models.Index(
                fields=["location_type", "-posted_at"],
                condition=Q(status="published"),
                name="jobs_job_pub_location_type_idx",
            ),
            models.Index(
                fields=["job_type", "-posted_at"], condition=Q(status="published"), name="jobs_job_pub_job_type_idx"
            ),
            # Salary sort and minimum-salary filter over published jobs.
            models.Index(
                F("salary_max").desc(), F("id").desc(), condition=Q(status="published"), name="jobs_job_pub_salary_idx"
            ),
            # A company's jobs by status: employer pages, company page (seeds: idx_jobs_company_id_status).
            models.Index(fields=["company", "status"], name="jobs_job_company_status_idx"),
            # Jobs an employer wrote, by status (seeds: idx_jobs_employer_id_status).
            models.Index(fields=["author", "status"], name="jobs_job_author_status_idx"),
            # The nightly "close expired jobs" command.
            models.Index(fields=["expires_at"], condition=Q(status="published"), name="jobs_job_pub_expires_idx"),
            # Full-text search over the stored weighted vector.
            GinIndex(fields=["search_vector"], name="jobs_job_search_vector_idx"),
            # Typo-tolerant title matching (pg_trgm) when full-text search finds too little.
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="jobs_job_title_trgm_idx"),
            # The location filter's ILIKE '%paris%' (migration 0003, built concurrently).
            GinIndex(fields=["location"], opclasses=["gin_trgm_ops"], name="jobs_job_location_trgm_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:job_detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_open(self) -> bool:
        return self.status == JobStatus.PUBLISHED and (self.expires_at is None or self.expires_at > timezone.now())

    @property
    def next_statuses(self) -> frozenset[JobStatus]:
        """The statuses this job may move to (publish, close, archive buttons)."""
        return JobStatus(self.status).next_statuses


# --- Applications ---------------------------------------------------------------------


class ApplicationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status__in=ENDED_APPLICATION_STATUSES)

    def visible_to(self, user):
        """Applications ``user`` may see: a candidate their own, an employer their companies'.
        Staff see all."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_staff:
            return self
        # One plain join per role, which the planner turns into index lookups on the foreign
        # keys (about 1 ms at 1M applications); an OR of both rules hid them behind a
        # filter and scanned every application (300 ms idle, seconds under load).
        if user.role == Role.EMPLOYER:
            return self.for_company_member(user)
        return self.of_candidate(user)

    def of_candidate(self, user):
        return self.filter(candidate__user=user)

    def for_company_member(self, user):
        return self.filter(job__company__memberships__user=user)

    def for_listing(self):
        return self.select_related("job", "job__company", "candidate", "candidate__user", "cv")


class Application(models.Model):
    job = models.ForeignKey(
        # Hiring records are never deleted by deleting their job.
        Job,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("job"),
    )
    candidate = models.ForeignKey(
        # Nor by deleting the candidate: an account with applications is anonymised, not deleted.
        "candidates.CandidateProfile",
        on_delete=models.PROTECT,
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
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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
        ]
        indexes = [
            # An employer's applications per job, by status, newest first
            # (seeds: idx_job_applications_job_id_status).
            models.Index(fields=["job", "status", "-applied_at"], name="jobs_app_job_status_idx"),
            # A candidate's applications by status (seeds: idx_job_applications_candidate_id_status).
            models.Index(fields=["candidate", "status", "-applied_at"], name="jobs_app_candidate_status_idx"),
            # "Applications per day, last 30 days" on dashboards.
            models.Index(fields=["job", "applied_at"], name="jobs_app_job_applied_idx"),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.job}"


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

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"
