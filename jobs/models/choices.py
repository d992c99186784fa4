"""The jobs app's enumerations and the transitions between statuses: the rules the services
apply, the pages offer and CheckConstraints back."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class JobModeration(models.TextChoices):
    """Whether our staff let a job be public, whatever its status (set by the moderation app)."""

    APPROVED = "approved", _("Approved")
    PENDING = "pending", _("Waiting for approval")
    HIDDEN = "hidden", _("Hidden by our team")


# Jobs whose page anyone may open: closed ones too, since candidates who applied come back to them.
VISIBLE_JOB_STATUSES = (JobStatus.PUBLISHED, JobStatus.CLOSED)
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

    @property
    def employer_moves(self) -> list["ApplicationStatus"]:
        """Where a company member may move an application from here, in pipeline order: what
        the pages offer and the API lists. "Viewed" is not offered: opening it sets it."""
        return [status for status in EMPLOYER_MOVE_TARGETS if status in APPLICATION_TRANSITIONS[self]]

    @property
    def can_withdraw(self) -> bool:
        return ApplicationStatus.WITHDRAWN in APPLICATION_TRANSITIONS[self]


class WithdrawalReason(models.TextChoices):
    """Why a candidate withdrew (optional): counted for the employer, who learns what loses
    them candidates."""

    OTHER_OFFER = "other_offer", _("I accepted another offer")
    SALARY = "salary", _("The salary does not suit me")
    LOCATION = "location", _("The place or the commute does not suit me")
    PROCESS = "process", _("The process takes too long")
    JOB = "job", _("The job is not what I expected")
    PERSONAL = "personal", _("Personal reasons")
    OTHER = "other", _("Another reason")


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
# What an employer chooses to move an application to ("viewed" is set by opening it).
EMPLOYER_MOVE_TARGETS = tuple(status for status in EMPLOYER_SETTABLE_STATUSES if status != S.VIEWED)
# The hiring funnel's stages, in order; rejected and withdrawn are exits, not stages. An
# application's furthest stage is its index here (the SQL function jobs_application_funnel_stage
# of migration 0010 says the same, and a test holds them together).
FUNNEL_STAGES = (S.APPLIED, S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.ACCEPTED)
del S
