"""Business actions on a candidate's profile, CVs and saved jobs."""

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import filetype
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import (
    CONSTRAINT_MESSAGES,
    CV,
    CV_LIMIT,
    CV_LIMIT_MESSAGE,
    CandidateProfile,
    Education,
    Experience,
    SavedJob,
    Skill,
    SkillLevel,
)
from intowork.constraints import save_or_refuse
from intowork.exceptions import ConflictError, ServiceError

if TYPE_CHECKING:  # jobs depends on candidates, not the other way: for the annotations only
    from jobs.models import Job

CV_MAX_BYTES = 5 * 1024 * 1024
# Decided by the file's content (magic bytes), never by its name or the browser's word.
CV_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


def profile_for_user(*, user: User) -> CandidateProfile:
    """The candidate's profile, created on first use."""
    profile, _created = CandidateProfile.objects.get_or_create(user=user)
    profile.user = user  # already loaded: spares a query wherever ``profile.user`` is read
    return profile


def cv_validate(*, file: File[Any]) -> str:
    """Return the CV's real content type, or raise ServiceError."""
    if file.size > CV_MAX_BYTES:
        raise ServiceError("cv_too_large", _("A CV can be at most 5 MB."), field="file")
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in CV_CONTENT_TYPES:
        raise ServiceError("cv_bad_type", _("Upload a PDF or a Word (DOCX) document."), field="file")
    return str(kind.mime)


@transaction.atomic
def cv_upload(*, candidate: CandidateProfile, file: File[Any], title: str = "", make_default: bool = False) -> CV:
    content_type = cv_validate(file=file)
    # Lock the candidate's row so concurrent uploads agree on who is the default and on the count.
    CandidateProfile.objects.select_for_update().filter(pk=candidate.pk).first()
    # Refused before the file is stored; the trigger candidates_cv_at_most_10_trg holds the rule
    # for any other path.
    if candidate.cvs.count() >= CV_LIMIT:
        raise ConflictError("cv_limit", str(CV_LIMIT_MESSAGE), field="file")
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
    storage, name = cv.file.storage, str(cv.file.name)
    cv.delete()
    if was_default:
        successor = CV.objects.filter(candidate_id=candidate_id).order_by("-uploaded_at", "-id").first()
        if successor:
            cv_set_default(cv=successor)
    # Seeded data shares one sample file between many CVs: keep a file still referenced.
    if not CV.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))


def saved_job_add(*, candidate: CandidateProfile, job: "Job") -> SavedJob:
    """Bookmark a job; saving twice is the same as saving once."""
    try:
        with transaction.atomic():
            saved, _created = SavedJob.objects.get_or_create(candidate=candidate, job=job)
    except IntegrityError:  # a concurrent double click won the race
        saved = SavedJob.objects.get(candidate=candidate, job=job)
    return saved


def saved_job_remove(*, candidate: CandidateProfile, job: "Job") -> None:
    SavedJob.objects.filter(candidate=candidate, job=job).delete()


# --- Profile and its sections ------------------------------------------------------------------


def _assign(instance: Model, fields: dict[str, Any], allowed: Collection[str]) -> list[str]:
    unknown = set(fields).difference(allowed)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    return list(fields)


# Ordered: the API's profile serializer lists the same fields, in this order.
PROFILE_FIELDS = (
    "headline",
    "bio",
    "phone",
    "location",
    "salary_expectation_min",
    "salary_expectation_max",
    "salary_currency",
    "availability",
    "preferences",
)
EXPERIENCE_FIELDS = frozenset(
    {"title", "company_name", "location", "description", "start_date", "end_date", "is_current"}
)
EDUCATION_FIELDS = frozenset({"school", "degree", "field_of_study", "start_date", "end_date", "description"})
SKILL_FIELDS = frozenset({"name", "level"})


@transaction.atomic
def profile_update(*, candidate: CandidateProfile, **fields: Any) -> CandidateProfile:
    """Change the profile's own fields (headline, bio, location, phone, salary, availability …)."""
    changed = _assign(candidate, fields, PROFILE_FIELDS)
    return save_or_refuse(candidate, CONSTRAINT_MESSAGES, update_fields=[*changed, "updated_at"] if changed else None)


def _section_add[R: Model](
    model: type[R], allowed: frozenset[str], candidate: CandidateProfile, fields: dict[str, Any]
) -> R:
    row = model(candidate=candidate)
    _assign(row, fields, allowed)
    return save_or_refuse(row, CONSTRAINT_MESSAGES)


def _section_update[R: Model](row: R, allowed: frozenset[str], fields: dict[str, Any]) -> R:
    changed = _assign(row, fields, allowed)
    return save_or_refuse(row, CONSTRAINT_MESSAGES, update_fields=changed) if changed else row


@transaction.atomic
def experience_add(*, candidate: CandidateProfile, **fields: Any) -> Experience:
    return _section_add(Experience, EXPERIENCE_FIELDS, candidate, fields)


@transaction.atomic
def experience_update(*, experience: Experience, **fields: Any) -> Experience:
    return _section_update(experience, EXPERIENCE_FIELDS, fields)


@transaction.atomic
def experience_delete(*, experience: Experience) -> None:
    experience.delete()


@transaction.atomic
def education_add(*, candidate: CandidateProfile, **fields: Any) -> Education:
    return _section_add(Education, EDUCATION_FIELDS, candidate, fields)


@transaction.atomic
def education_update(*, education: Education, **fields: Any) -> Education:
    return _section_update(education, EDUCATION_FIELDS, fields)


@transaction.atomic
def education_delete(*, education: Education) -> None:
    education.delete()


@transaction.atomic
def skill_add(*, candidate: CandidateProfile, name: str, level: str = SkillLevel.INTERMEDIATE) -> Skill:
    """Add a skill; the same name in another case is the same skill (a ServiceError on ``name``)."""
    return _section_add(Skill, SKILL_FIELDS, candidate, {"name": name, "level": level})


@transaction.atomic
def skill_update(*, skill: Skill, **fields: Any) -> Skill:
    return _section_update(skill, SKILL_FIELDS, fields)


@transaction.atomic
def skill_delete(*, skill: Skill) -> None:
    skill.delete()


def saved_job_toggle(*, candidate: CandidateProfile, job: "Job") -> bool:
    """Save the job, or forget it if it was saved; returns whether it is saved now."""
    if SavedJob.objects.filter(candidate=candidate, job=job).exists():
        saved_job_remove(candidate=candidate, job=job)
        return False
    saved_job_add(candidate=candidate, job=job)
    return True
