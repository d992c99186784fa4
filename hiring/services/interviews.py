"""Interviews: scheduling, moving, cancelling, and the candidate's answer. The database keeps
anyone from being double-booked (hiring_*_no_overlap_excl); the checks here only say who
clashes, in words, before the constraint would."""

import datetime
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import NotificationType, User
from accounts.services import notify
from hiring.models import (
    BOOKED_INTERVIEW_STATUSES,
    CANDIDATE_RESPONSES,
    HALF_OPEN,
    HIRING_CONSTRAINT_MESSAGES,
    Interview,
    Interviewer,
    InterviewStatus,
)
from hiring.tasks import send_interview_invitation
from intowork.exceptions import ConflictError, ServiceError
from intowork.time_zones import is_time_zone
from jobs.models import Application, ApplicationStatus, Membership

SHORTEST_INTERVIEW = datetime.timedelta(minutes=15)
LONGEST_INTERVIEW = datetime.timedelta(hours=8)


def _local_time(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _validated_slot(
    *, starts_at: datetime.datetime, duration: datetime.timedelta, time_zone: str, location: str, video_url: str
) -> DateTimeTZRange:
    if not is_time_zone(time_zone):
        raise ServiceError("invalid_time_zone", _("Choose a time zone from the list."), field="time_zone")
    if timezone.is_naive(starts_at):
        raise ServiceError("invalid_start", _("Give the start with its time zone."), field="starts_at")
    if starts_at <= timezone.now():
        raise ServiceError("in_the_past", _("Choose a start in the future."), field="starts_at")
    if not SHORTEST_INTERVIEW <= duration <= LONGEST_INTERVIEW:
        raise ServiceError(
            "invalid_duration", _("An interview lasts from 15 minutes to 8 hours."), field="duration_minutes"
        )
    if not location.strip() and not video_url.strip():
        raise ServiceError("no_place", _("Give a place or a video link."), field="location")
    return DateTimeTZRange(starts_at, starts_at + duration, HALF_OPEN)


def _raise_clash(
    *, candidate_id: int, interviewer_ids: Sequence[int], during: DateTimeTZRange, moving: Interview | None
) -> None:
    """Name who is busy and when, so the form can say it. Racing bookings pass this check
    together; the exclusion constraints then let one through."""
    others = Interview.objects.booked().filter(during__overlap=during)
    if moving is not None:
        others = others.exclude(pk=moving.pk)
    clash = others.filter(candidate_id=candidate_id).order_by("during").first()
    if clash is not None:
        raise ConflictError(
            "interview_clash",
            _("The candidate already has an interview then (%(start)s – %(end)s).")
            % {"start": _local_time(clash.starts_at), "end": _local_time(clash.ends_at)},
            field="starts_at",
        )
    seats = Interviewer.objects.filter(is_booked=True, during__overlap=during, user_id__in=interviewer_ids)
    if moving is not None:
        seats = seats.exclude(interview=moving)
    busy = seats.select_related("user").order_by("during").first()
    if busy is not None:
        raise ConflictError(
            "interview_clash",
            _("%(name)s already has an interview then (%(start)s – %(end)s).")
            % {
                "name": busy.user.display_name,
                "start": _local_time(busy.during.lower),
                "end": _local_time(busy.during.upper),
            },
            field="interviewers",
        )


def _refusal_of(error: IntegrityError) -> ConflictError | None:
    for constraint, message in HIRING_CONSTRAINT_MESSAGES.items():
        if constraint in str(error):
            return ConflictError("interview_clash", message, field="starts_at")
    return None


def _send_invitations(interview: Interview) -> None:
    """Everyone on the interview gets the .ics as it stands once committed (REQUEST, or CANCEL)."""
    people = [
        interview.candidate.user_id,
        *Interviewer.objects.filter(interview=interview).values_list("user_id", flat=True),
    ]
    sequence = interview.sequence
    transaction.on_commit(
        lambda: [
            send_interview_invitation.enqueue(interview_id=interview.pk, user_id=pk, sequence=sequence)
            for pk in people
        ],
        robust=True,
    )


def interview_schedule(
    *,
    application: Application,
    starts_at: datetime.datetime,
    duration: datetime.timedelta,
    time_zone: str,
    interviewers: Sequence[User],
    by: User,
    location: str = "",
    video_url: str = "",
) -> Interview:
    """A company member invites the candidate of ``application`` to an interview with
    ``interviewers`` (members of the job's company). A clash is a ConflictError, even under a race."""
    candidate = application.candidate
    if candidate is None or ApplicationStatus(application.status).is_final:  # anonymised ones have ended too
        raise ServiceError("application_ended", _("This application is no longer in the pipeline."))
    during = _validated_slot(
        starts_at=starts_at, duration=duration, time_zone=time_zone, location=location, video_url=video_url
    )
    interviewer_ids = sorted({person.pk for person in interviewers})
    if not interviewer_ids:
        raise ServiceError("no_interviewer", _("Choose at least one interviewer."), field="interviewers")
    company_id = application.job.company_id
    members = Membership.objects.filter(company_id=company_id, user_id__in=interviewer_ids, user__is_active=True)
    if members.count() != len(interviewer_ids):
        raise ServiceError("not_a_member", _("Interviewers must be members of the company."), field="interviewers")
    _raise_clash(candidate_id=candidate.pk, interviewer_ids=interviewer_ids, during=during, moving=None)
    try:
        with transaction.atomic():
            interview = Interview.objects.create(
                application=application,
                candidate_id=candidate.pk,
                during=during,
                time_zone=time_zone,
                location=location.strip(),
                video_url=video_url.strip(),
                scheduled_by=by,
            )
            Interviewer.objects.bulk_create(
                Interviewer(interview=interview, user_id=pk, during=during) for pk in interviewer_ids
            )
            candidate_user = candidate.user
            notify(
                users=[candidate_user],
                type=NotificationType.INTERVIEW,
                title=gettext_lazy("You are invited to an interview for %(job)s"),
                message=gettext_lazy("Open the invitation to accept it, decline it or ask for another time."),
                params={"job": application.job.title},
                job=application.job,
                application=application,
            )
            notify(
                users=User.objects.filter(pk__in=interviewer_ids).exclude(pk=by.pk),
                type=NotificationType.INTERVIEW,
                title=gettext_lazy("You will interview %(name)s for %(job)s"),
                params={"job": application.job.title, "name": candidate_user.display_name},
                job=application.job,
                application=application,
            )
            _send_invitations(interview)
    except IntegrityError as error:
        refusal = _refusal_of(error)
        if refusal is None:
            raise
        raise refusal from error
    return interview


def _locked(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__job", "candidate__user")
        .get(pk=interview.pk)
    )


def _panel_users(interview: Interview) -> QuerySet[User]:
    return User.objects.filter(pk__in=Interviewer.objects.filter(interview=interview).values("user_id"))


def interview_reschedule(
    *,
    interview: Interview,
    starts_at: datetime.datetime,
    duration: datetime.timedelta,
    time_zone: str,
    by: User,
    location: str = "",
    video_url: str = "",
) -> Interview:
    """Move a booked interview (the answer to "another time", or the company's own change):
    a new SEQUENCE of the same invitation, which the candidate answers again."""
    during = _validated_slot(
        starts_at=starts_at, duration=duration, time_zone=time_zone, location=location, video_url=video_url
    )
    try:
        with transaction.atomic():
            locked = _locked(interview)
            if not locked.is_booked:
                raise ServiceError("interview_closed", _("This interview was declined or cancelled."))
            panel_ids = list(Interviewer.objects.filter(interview=locked).values_list("user_id", flat=True))
            _raise_clash(candidate_id=locked.candidate_id, interviewer_ids=panel_ids, during=during, moving=locked)
            locked.during = during
            locked.time_zone = time_zone
            locked.location = location.strip()
            locked.video_url = video_url.strip()
            locked.status = InterviewStatus.PROPOSED
            locked.response_note = ""
            locked.sequence += 1
            locked.save()
            Interviewer.objects.filter(interview=locked).update(during=during)
            notify(
                users=[locked.candidate.user],
                type=NotificationType.INTERVIEW,
                title=gettext_lazy("Your interview for %(job)s was moved"),
                message=gettext_lazy("Open the invitation to accept the new time, decline it or ask for another."),
                params={"job": locked.application.job.title},
                job=locked.application.job,
                application=locked.application,
            )
            _send_invitations(locked)
    except IntegrityError as error:
        refusal = _refusal_of(error)
        if refusal is None:
            raise
        raise refusal from error
    return locked


@transaction.atomic
def interview_cancel(*, interview: Interview, by: User) -> Interview:
    """The company calls the interview off: everyone's slot is free again and their calendars
    get METHOD:CANCEL."""
    locked = _locked(interview)
    if locked.status == InterviewStatus.CANCELLED:
        return locked
    locked.status = InterviewStatus.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    Interviewer.objects.filter(interview=locked).update(is_booked=False)
    notify(
        users=[locked.candidate.user],
        type=NotificationType.INTERVIEW,
        title=gettext_lazy("Your interview for %(job)s was cancelled"),
        params={"job": locked.application.job.title},
        job=locked.application.job,
        application=locked.application,
    )
    _send_invitations(locked)
    return locked


@transaction.atomic
def interview_respond(*, interview: Interview, response: InterviewStatus | str, by: User, note: str = "") -> Interview:
    """The candidate accepts, declines or asks for another time; the panel and whoever
    scheduled it are told. Declining frees everyone's slot."""
    if response not in CANDIDATE_RESPONSES:
        raise ServiceError("invalid_response", _("Accept, decline or ask for another time."), field="response")
    response = InterviewStatus(response)
    locked = _locked(interview)
    if locked.candidate.user_id != by.pk:
        raise ServiceError("not_your_interview", _("Only the candidate answers an invitation."))
    if not locked.can_respond:
        raise ConflictError("interview_closed", _("This interview can no longer be answered."))
    if response == InterviewStatus.ANOTHER_TIME and not note.strip():
        raise ServiceError("note_required", _("Say which times would suit you."), field="note")
    locked.status = response
    locked.response_note = note.strip()
    locked.save(update_fields=["status", "response_note", "updated_at"])
    Interviewer.objects.filter(interview=locked).update(is_booked=response in BOOKED_INTERVIEW_STATUSES)
    titles = {
        InterviewStatus.ACCEPTED: gettext_lazy("%(name)s accepted the interview for %(job)s"),
        InterviewStatus.DECLINED: gettext_lazy("%(name)s declined the interview for %(job)s"),
        InterviewStatus.ANOTHER_TIME: gettext_lazy("%(name)s asks for another time for the interview for %(job)s"),
    }
    notify(
        users=User.objects.filter(Q(pk__in=_panel_users(locked)) | Q(pk=locked.scheduled_by_id)),
        type=NotificationType.INTERVIEW,
        title=titles[response],
        message=locked.response_note.replace("%", "%%"),  # notify fills %(…)s placeholders
        params={"name": by.display_name, "job": locked.application.job.title},
        job=locked.application.job,
        application=locked.application,
    )
    return locked
