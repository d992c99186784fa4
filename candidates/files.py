"""A CV's file, served: the one way the site and the API send it. Who may download which CV
is ``CV.objects.downloadable_by(user)``; files are never public. Whoever downloads someone
else's CV (a company's member, staff) is recorded in the audit trail."""

from django.http import FileResponse, Http404

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record
from candidates.models import CV
from candidates.services import CV_CONTENT_TYPES


def cv_file_response(
    cv: CV,
    *,
    accessed_by: User | None = None,
    company_id: int | None = None,
    application_id: int | None = None,
) -> FileResponse:
    """The CV's file as an attachment, typed by the content type checked at upload. A file
    gone from storage is a 404 (the page's and the API's), never a 500.

    ``accessed_by``: who downloads someone else's CV (None: its owner, nothing to record);
    ``company_id`` and ``application_id``: through which company's application, when known:
    that company's owners see the download in their activity log."""
    try:
        handle = cv.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if accessed_by is not None:
        audit_record(
            action=AuditAction.CV_DOWNLOADED,
            actor=accessed_by,
            company_id=company_id,
            application_id=application_id,
            cv_id=cv.pk,
        )
    extension = CV_CONTENT_TYPES.get(cv.content_type, "bin")
    response = FileResponse(handle, as_attachment=True, filename=f"{cv.title}.{extension}")
    response["Content-Type"] = cv.content_type
    response["Cache-Control"] = "private, no-store"
    return response
