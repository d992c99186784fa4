"""The jobs app's models, one module per part of the domain:

- ``choices``: statuses, types and the transitions between statuses
- ``companies``: companies, their memberships and invitations
- ``postings``: jobs (``Job.objects.published().search(q)``: ``search_query``)
- ``applications``: applications, their status history and their counts per job
"""

from jobs.models.applications import (
    Application,
    ApplicationCount,
    ApplicationCountQuerySet,
    ApplicationQuerySet,
    ApplicationStatusChange,
)
from jobs.models.choices import (
    APPLICATION_TRANSITIONS,
    EMPLOYER_MOVE_TARGETS,
    EMPLOYER_SETTABLE_STATUSES,
    ENDED_APPLICATION_STATUSES,
    FUNNEL_STAGES,
    JOB_TRANSITIONS,
    VISIBLE_JOB_STATUSES,
    ApplicationStatus,
    CompanySize,
    JobModeration,
    JobStatus,
    JobType,
    LocationType,
    MemberRole,
    WithdrawalReason,
)
from jobs.models.companies import COMPANY_CONSTRAINT_MESSAGES, Company, CompanyInvitation, Membership
from jobs.models.postings import JOB_CONSTRAINT_MESSAGES, JOB_CONTENT_FIELDS, Job, JobQuerySet

__all__ = [
    "APPLICATION_TRANSITIONS",
    "COMPANY_CONSTRAINT_MESSAGES",
    "EMPLOYER_MOVE_TARGETS",
    "EMPLOYER_SETTABLE_STATUSES",
    "ENDED_APPLICATION_STATUSES",
    "FUNNEL_STAGES",
    "JOB_CONSTRAINT_MESSAGES",
    "JOB_CONTENT_FIELDS",
    "JOB_TRANSITIONS",
    "VISIBLE_JOB_STATUSES",
    "Application",
    "ApplicationCount",
    "ApplicationCountQuerySet",
    "ApplicationQuerySet",
    "ApplicationStatus",
    "ApplicationStatusChange",
    "Company",
    "CompanyInvitation",
    "CompanySize",
    "Job",
    "JobModeration",
    "JobQuerySet",
    "JobStatus",
    "JobType",
    "LocationType",
    "MemberRole",
    "Membership",
    "WithdrawalReason",
]
