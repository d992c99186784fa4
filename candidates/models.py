from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, User
from intowork.constraints import ConstraintMessage, salary_range_checks


class Availability(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    TWO_WEEKS = "two_weeks", _("Within two weeks")
    ONE_MONTH = "one_month", _("Within a month")
    THREE_MONTHS = "three_months", _("Within three months")
    NOT_LOOKING = "not_looking", _("Not looking")


class SkillLevel(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    EXPERT = "expert", _("Expert")


# How a person is told that a row breaks one of these models' constraints: the site's forms,
# the API's serializers and the services all read it (intowork.constraints).
END_AFTER_START = _("The end date must be on or after the start date.")
# How many CVs a candidate keeps (the trigger candidates_cv_at_most_10_trg says the same number).
CV_LIMIT = 10
CV_LIMIT_MESSAGE = _("You can keep at most 10 CVs: delete one before uploading another.")
CONSTRAINT_MESSAGES = {
    "candidates_profile_salary_min_lte_max_check": ConstraintMessage(
        "salary_expectation_max", _("The maximum must be at least the minimum."), "salary_range"
    ),
    "candidates_experience_start_lte_end_check": ConstraintMessage("end_date", END_AFTER_START, "dates"),
    "candidates_experience_current_has_no_end_check": ConstraintMessage(
        "end_date", _("A current position has no end date."), "current_has_end"
    ),
    "candidates_education_start_lte_end_check": ConstraintMessage("end_date", END_AFTER_START, "dates"),
    "candidates_skill_name_ci_uniq": ConstraintMessage("name", _("You already have this skill."), "skill_duplicate"),
    "candidates_skill_name_not_blank_check": ConstraintMessage("name", _("Name the skill."), "skill_blank"),
    # A trigger's rule, not a Meta constraint (candidates/migrations/0003_secure_cv_limit).
    "candidates_cv_at_most_10_check": ConstraintMessage("file", CV_LIMIT_MESSAGE, "cv_limit"),
}


class CandidateProfileQuerySet(models.QuerySet["CandidateProfile"]):
    def for_user(self, user: User) -> Self:
        return self.filter(user=user)


class CandidateProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="candidate_profile",
        verbose_name=_("user"),
    )
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    bio = models.TextField(_("about me"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    salary_expectation_min = models.PositiveIntegerField(_("expected salary from"), null=True, blank=True)
    salary_expectation_max = models.PositiveIntegerField(_("expected salary up to"), null=True, blank=True)
    salary_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    availability = models.CharField(
        _("availability"), max_length=16, choices=Availability, default=Availability.ONE_MONTH
    )
    # Free-form job preferences (job types, locations, remote only …), read as a whole.
    preferences = models.JSONField(_("preferences"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CandidateProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate profile")
        verbose_name_plural = _("candidate profiles")
        constraints = [
            *salary_range_checks("candidates_profile", "salary_expectation_min", "salary_expectation_max"),
            models.CheckConstraint(
                condition=Q(availability__in=Availability.values), name="candidates_profile_availability_check"
            ),
        ]

    def __str__(self) -> str:
        return self.user.email


def cv_upload_to(instance: "CV", filename: str) -> str:
    # Never the public media root's guessable names: a per-candidate folder, random name kept by storage.
    return f"cvs/{instance.candidate_id}/{filename}"


class CVQuerySet(models.QuerySet["CV"]):
    def downloadable_by(self, user: AnyUser) -> Self:
        """CVs ``user`` may download: their own, those sent with an application to one of
        their companies, or any for staff. Nobody else, whatever the URL."""
        if isinstance(user, AnonymousUser):
            return self.none()
        if user.is_staff:
            return self
        sent_to_users_company = self.model.objects.filter(
            pk=OuterRef("pk"), applications__job__company__memberships__user=user
        )
        return self.filter(Q(candidate__user=user) | Exists(sent_to_users_company))

    def with_access_of(self, user: User) -> Self:
        """Annotate ``owner_id`` (whose CV it is) and ``via_company_id`` (a company of ``user``'s
        that it was sent to, if any) in the same query: who to record a download for, and in
        which company's activity log, without reading anything more."""
        via = self.model.objects.filter(pk=OuterRef("pk"), applications__job__company__memberships__user=user)
        return self.annotate(
            owner_id=F("candidate__user_id"),
            via_company_id=Subquery(via.values("applications__job__company_id")[:1]),
        )


class CV(models.Model):
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="cvs", verbose_name=_("candidate")
    )
    title = models.CharField(_("title"), max_length=120)
    file = models.FileField(_("file"), upload_to=cv_upload_to, max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    is_default = models.BooleanField(_("default"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = CVQuerySet.as_manager()

    # Set by CVQuerySet.with_access_of().
    owner_id: int
    via_company_id: int | None

    class Meta:
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")
        ordering = ["-is_default", "-uploaded_at", "-id"]
        constraints = [
            # At most one default CV per candidate; the services keep it at exactly one.
            models.UniqueConstraint(
                fields=["candidate"], condition=Q(is_default=True), name="candidates_cv_one_default_uniq"
            ),
            models.CheckConstraint(condition=Q(size__lte=5 * 1024 * 1024), name="candidates_cv_size_max_5mb_check"),
        ]

    def __str__(self) -> str:
        return self.title


class Experience(models.Model):
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="experiences", verbose_name=_("candidate")
    )
    title = models.CharField(_("job title"), max_length=200)
    company_name = models.CharField(_("company"), max_length=200)
    location = models.CharField(_("location"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_current = models.BooleanField(_("current position"), default=False)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["-is_current", "-start_date", "-id"]
        indexes = [
            # "Current position" on profiles and cards (seeds: idx_experiences_candidate_id_current).
            models.Index(fields=["candidate", "is_current"], name="candidates_exp_current_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__lte=F("end_date")),
                name="candidates_experience_start_lte_end_check",
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(end_date__isnull=True),
                name="candidates_experience_current_has_no_end_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.company_name}"


class Education(models.Model):
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="educations", verbose_name=_("candidate")
    )
    school = models.CharField(_("school"), max_length=200)
    degree = models.CharField(_("degree"), max_length=200)
    field_of_study = models.CharField(_("field of study"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("educations")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__lte=F("end_date")),
                name="candidates_education_start_lte_end_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.degree} — {self.school}"


class Skill(models.Model):
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="skills", verbose_name=_("candidate")
    )
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=16, choices=SkillLevel, default=SkillLevel.INTERMEDIATE)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name", "id"]
        constraints = [
            # A skill once per candidate, whatever its case; also serves skill lookups
            # (seeds: idx_skills_candidate_id_name).
            models.UniqueConstraint("candidate", Lower("name"), name="candidates_skill_name_ci_uniq"),
            models.CheckConstraint(condition=Q(level__in=SkillLevel.values), name="candidates_skill_level_check"),
            models.CheckConstraint(condition=~Q(name=""), name="candidates_skill_name_not_blank_check"),
        ]

    def __str__(self) -> str:
        return self.name


class SavedJob(models.Model):
    """A candidate's bookmark on a job."""

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="saved_jobs", verbose_name=_("candidate")
    )
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+", verbose_name=_("job"))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved job")
        verbose_name_plural = _("saved jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "job"], name="candidates_savedjob_candidate_job_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.job_id}"
