"""Business actions on a candidate's profile, CVs and saved jobs."""

import filetype
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from candidates.models import CV, CandidateProfile, SavedJob
from intowork.exceptions import ServiceError

CV_MAX_BYTES = 5 * 1024 * 1024
# Decided by the file's content (magic bytes), never by its name or the browser's word.
CV_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


def profile_for_user(*, user) -> CandidateProfile:
    """The candidate's profile, created on first use."""
    profile, _created = CandidateProfile.objects.get_or_create(user=user)
    return profile


def cv_validate(*, file) -> str:
    """Return the CV's real content type, or raise ServiceError."""
    if file.size > CV_MAX_BYTES:
        raise ServiceError("cv_too_large", _("A CV can be at most 5 MB."), field="file")
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in CV_CONTENT_TYPES:
        raise ServiceError("cv_bad_type", _("Upload a PDF or a Word (DOCX) document."), field="file")
    return kind.mime


@transaction.atomic
def cv_upload(*, candidate: CandidateProfile, file, title: str = "", make_default: bool = False) -> CV:
    content_type = cv_validate(file=file)
    # Lock the candidate's row so concurrent uploads agree on who is the default.
    CandidateProfile.objects.select_for_update().filter(pk=candidate.pk).first()
    has_default = candidate.cvs.filter(is_default=True).exists()
    if make_default and has_default:
        candidate.cvs.filter(is_default=True).update(is_default=False)
    cv = CV(
        candidate=candidate,
        title=(title or getattr(file, "name", "") or _("CV")).strip()[:120],
        content_type=content_type,
        size=file.size,
        is_default=make_default or not has_default,
    )
    cv.file.save(f"cv.{CV_CONTENT_TYPES[content_type]}", file, save=False)
    cv.save()
    return cv


@transaction.atomic
def cv_set_default(*, cv: CV) -> CV:
    CV.objects.filter(candidate_id=cv.candidate_id, is_default=True).exclude(pk=cv.pk).update(is_default=False)
    CV.objects.filter(pk=cv.pk).update(is_default=True)
    cv.is_default = True
    return cv


@transaction.atomic
def cv_delete(*, cv: CV) -> None:
    """Delete a CV and its file; another CV becomes the default if this one was."""
    candidate_id, was_default = cv.candidate_id, cv.is_default
    storage, name = cv.file.storage, cv.file.name
    cv.delete()
    if was_default:
        successor = CV.objects.filter(candidate_id=candidate_id).order_by("-uploaded_at", "-id").first()
        if successor:
            cv_set_default(cv=successor)
    # Seeded data shares one sample file between many CVs: keep a file still referenced.
    if not CV.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))


def saved_job_add(*, candidate: CandidateProfile, job) -> SavedJob:
    """Bookmark a job; saving twice is the same as saving once."""
    try:
        with transaction.atomic():
            saved, _created = SavedJob.objects.get_or_create(candidate=candidate, job=job)
    except IntegrityError:  # a concurrent double click won the race
        saved = SavedJob.objects.get(candidate=candidate, job=job)
    return saved


def saved_job_remove(*, candidate: CandidateProfile, job) -> None:
    SavedJob.objects.filter(candidate=candidate, job=job).delete()
