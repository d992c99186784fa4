"""Business actions on companies, jobs and applications.

One keyword-only function per action, each in one transaction, called alike by the HTML
views, the API and the admin. The database constraints stay the last line of defence.
They are grouped by what they act on: ``companies`` (members, invitations), ``postings``
(a job's life) and ``applications`` (the hiring pipeline); all are importable from here.
"""

from jobs.services.applications import (
    application_change_status,
    application_mark_viewed,
    application_open,
    application_submit,
    application_withdraw,
    applications_anonymise,
    applications_anonymise_expired,
    applications_bulk_change_status,
)
from jobs.services.companies import (
    company_create,
    company_invite,
    company_is_member,
    company_is_owner,
    company_update,
    invitation_accept,
    invitation_resend,
    invitation_revoke,
    membership_change_role,
    membership_remove,
)
from jobs.services.postings import (
    company_is_new,
    job_archive,
    job_close,
    job_create,
    job_delete,
    job_publish,
    job_record_view,
    job_update,
    jobs_close_expired,
)

__all__ = [
    "application_change_status",
    "application_mark_viewed",
    "application_open",
    "application_submit",
    "application_withdraw",
    "applications_anonymise",
    "applications_anonymise_expired",
    "applications_bulk_change_status",
    "company_create",
    "company_invite",
    "company_is_member",
    "company_is_new",
    "company_is_owner",
    "company_update",
    "invitation_accept",
    "invitation_resend",
    "invitation_revoke",
    "job_archive",
    "job_close",
    "job_create",
    "job_delete",
    "job_publish",
    "job_record_view",
    "job_update",
    "jobs_close_expired",
    "membership_change_role",
    "membership_remove",
]
