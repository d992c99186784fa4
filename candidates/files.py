"""A CV's file, served: the one way the site and the API send it. Who may download which CV
is ``CV.objects.downloadable_by(user)``; files are never public."""

from django.http import FileResponse, Http404

from candidates.models import CV
from candidates.services import CV_CONTENT_TYPES


def cv_file_response(cv: CV) -> FileResponse:
    """The CV's file as an attachment, typed by the content type checked at upload. A file
    gone from storage is a 404 (the page's and the API's), never a 500."""
    try:
        handle = cv.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = CV_CONTENT_TYPES.get(cv.content_type, "bin")
    response = FileResponse(handle, as_attachment=True, filename=f"{cv.title}.{extension}")
    response["Content-Type"] = cv.content_type
    response["Cache-Control"] = "private, no-store"
    return response
