"""Job postings: what a company publishes and candidates search."""

from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, User
from candidates.models import SavedJob
from intowork.constraints import ConstraintMessage, salary_range_checks
from jobs.models.applications import Application
from jobs.models.choices import VISIBLE_JOB_STATUSES, JobModeration, JobStatus, JobType, LocationType
from jobs.models.companies import Company
from jobs.models.search_query import JobSearch


class JobQuerySet(models.QuerySet["Job"]):
    def published(self) -> Self:
        """Jobs a visitor may see: published, not past their expiry, neither waiting for our
        staff's approval nor hidden by them. Search, feeds, sitemaps, alerts and the API all read
        through here, so a hidden job leaves them all at once."""
        now = timezone.now()
        return self.filter(status=JobStatus.PUBLISHED, moderation=JobModeration.APPROVED).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def for_listing(self) -> Self:
        return self.select_related("company")

    def for_cards(self) -> Self:
        """What a result card or a list item shows: without the long texts and the search
        vectors (the long ones are TOASTed and would cost a detour per row to read)."""
        return self.select_related("company").defer(
            "description", "requirements", "search_vector", "title_skills_vector"
        )

    def visible(self) -> Self:
        """Jobs whose page anyone may open: published (expired ones too) or closed, since
        candidates who applied come back to them. Drafts and archived jobs are not, nor jobs that
        wait for approval or that our staff hid."""
        return self.filter(status__in=VISIBLE_JOB_STATUSES, moderation=JobModeration.APPROVED)

    def search(self, q: str | None, ordering: str | None = None) -> JobSearch:
        """These jobs searched with web-search syntax, ranked title > company/skills >
        description, typo-tolerant: a ``JobSearch`` to read pages or cursors from."""
        return JobSearch(self, q, ordering)

    def for_company_member(self, user: User) -> Self:
        return self.filter(company__memberships__user=user)

    def with_has_applied(self, user: AnyUser) -> Self:
        """Annotate whether ``user`` holds a live application to each job (one EXISTS)."""
        if isinstance(user, AnonymousUser):
            return self.annotate(has_applied=models.Value(False))
        live = Application.objects.submitted_by(user).live().filter(job=OuterRef("pk"))
        return self.annotate(has_applied=Exists(live))

    def with_is_saved(self, user: AnyUser) -> Self:
        """Annotate whether ``user`` bookmarked each job (one EXISTS)."""
        if isinstance(user, AnonymousUser):
            return self.annotate(is_saved=models.Value(False))
        return self.annotate(is_saved=Exists(SavedJob.objects.filter(job=OuterRef("pk"), candidate__user=user)))


# How a person is told that a job breaks one of its constraints: the API's serializer and the
# site's form both read it (intowork.constraints).
# The words of the title and the skills, as the search's tier-1 expression index reads them
# (migration 0004: jobs_job_skills_text() is immutable, so a stored column may use it).
TITLE_AND_SKILLS_SQL = "title::text || ' ' || jobs_job_skills_text(skills)"

JOB_CONSTRAINT_MESSAGES = {
    "jobs_job_salary_min_lte_max_check": ConstraintMessage(
        "salary_max", _("The maximum must be at least the minimum.")
    ),
    "jobs_job_posted_lte_expires_check": ConstraintMessage(
        "expires_at", _("The expiry date is before the posting date.")
    ),
    "jobs_job_published_has_date_and_salary_check": ConstraintMessage(
        "salary_min", _("A published job shows its salary range: give both amounts.")
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
    # Whether it may be public at all, decided by our staff (moderation app): a new company's
    # first job waits for approval; a reported job may be hidden. published() reads it.
    moderation = models.CharField(
        _("moderation"), max_length=16, choices=JobModeration, default=JobModeration.APPROVED
    )
    # What our staff told the company about it (why it is hidden), shown on the employer's pages.
    moderation_note = models.TextField(_("note from our team"), blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    application_count = models.PositiveIntegerField(_("applications"), default=0)
    # Maintained by the database (trigger jobs_job_search_vector_trg, migration 0002):
    # title (A) > company name and skills (B) > description and requirements (C).
    search_vector = SearchVectorField(null=True, editable=False)
    # The title's and skills' words, stored (migration 0011): ~100 bytes kept inline, where
    # search_vector's ~2 kB are TOASTed. Testing it row by row along the recency index costs
    # microseconds, not a detoast (recommendations: 80 ms -> a few at 100k jobs).
    title_skills_vector = models.GeneratedField(
        expression=RawSQL(f"to_tsvector('english'::regconfig, {TITLE_AND_SKILLS_SQL})", ()),  # noqa: S611 (constant SQL)
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = JobQuerySet.as_manager()

    # Set per viewer by with_has_applied() and with_is_saved(), or jobs.search.mark_candidate_state().
    has_applied: bool
    is_saved: bool

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
            models.CheckConstraint(
                condition=Q(moderation__in=JobModeration.values), name="jobs_job_moderation_valid_check"
            ),
            # A hidden job says why: its company reads the note on its pages.
            models.CheckConstraint(
                condition=~Q(moderation=JobModeration.HIDDEN) | ~Q(moderation_note=""),
                name="jobs_job_hidden_has_note_check",
            ),
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
            # Jobs whose title or skills hold a rare word (a recommendation's skills): read from
            # GIN when walking the recency index would test too many rows (migration 0011, built
            # concurrently).
            GinIndex(fields=["title_skills_vector"], name="jobs_job_title_skills_vec_idx"),
            # Typo-tolerant title matching (pg_trgm) when full-text search finds too little.
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="jobs_job_title_trgm_idx"),
            # The location filter's ILIKE '%paris%' (migration 0003, built concurrently).
            GinIndex(fields=["location"], opclasses=["gin_trgm_ops"], name="jobs_job_location_trgm_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:job_detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_visible(self) -> bool:
        return self.status in VISIBLE_JOB_STATUSES and self.moderation == JobModeration.APPROVED

    @property
    def is_open(self) -> bool:
        """Taking applications: what ``published()`` selects, for one job in hand."""
        return (
            self.status == JobStatus.PUBLISHED
            and self.moderation == JobModeration.APPROVED
            and (self.expires_at is None or self.expires_at > timezone.now())
        )

    @property
    def next_statuses(self) -> frozenset[JobStatus]:
        """The statuses this job may move to (publish, close, archive buttons)."""
        return JobStatus(self.status).next_statuses
