"""Interviews: the exclusion constraints, the clash messages, answers, moves and cancellations,
and the invitations they send (.ics parsed back with icalendar)."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone, translation

from accounts.models import Notification, NotificationType
from accounts.templatetags.dates import exact
from hiring import services
from hiring.models import Interview, Interviewer, InterviewStatus
from hiring.tests.factories import InterviewerFactory, InterviewFactory, slot
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import ApplicationStatus
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def schedule(application, employer, starts_at, **kwargs):
    defaults = {
        "duration": HOUR,
        "time_zone": "Europe/Paris",
        "video_url": "https://meet.example/x",
        "interviewers": [employer.user],
        "by": employer.user,
    }
    return services.interview_schedule(application=application, starts_at=starts_at, **{**defaults, **kwargs})


def calendar_of(message) -> icalendar.Calendar:
    (attachment,) = [a for a in message.attachments if a[0] == "invite.ics"]
    return icalendar.Calendar.from_ical(attachment[1])


def first_invitation():
    return next(message for message in mail.outbox if message.attachments)


# --- What the database refuses ----------------------------------------------------------------


def test_the_candidate_cannot_be_booked_twice_at_once():
    first = InterviewFactory(during=slot(hour=10))
    with pytest.raises(IntegrityError, match="hiring_interview_candidate_no_overlap_excl"), transaction.atomic():
        InterviewFactory(application=first.application, during=slot(hour=10, minutes=30))


def test_back_to_back_and_cancelled_interviews_do_not_clash():
    first = InterviewFactory(during=slot(hour=10))
    InterviewFactory(application=first.application, during=slot(hour=11))  # [10, 11) then [11, 12)
    InterviewFactory(application=first.application, during=slot(hour=10), status=InterviewStatus.CANCELLED)
    assert Interview.objects.filter(candidate=first.candidate).count() == 3


def test_an_interviewer_cannot_be_booked_twice_at_once():
    seat = InterviewerFactory(interview=InterviewFactory(during=slot(hour=10)))
    other = InterviewFactory(during=slot(hour=10))
    with pytest.raises(IntegrityError, match="hiring_interviewer_no_overlap_excl"), transaction.atomic():
        InterviewerFactory(interview=other, user=seat.user)
    InterviewerFactory(interview=other, user=seat.user, is_booked=False)  # a free seat holds nothing


def test_an_interviewer_sits_once_on_a_panel():
    seat = InterviewerFactory()
    with pytest.raises(IntegrityError, match="hiring_interviewer_once_per_interview_uniq"), transaction.atomic():
        Interviewer.objects.create(interview=seat.interview, user=seat.user, during=slot(days=9), is_booked=False)


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"status": "maybe"}, "hiring_interview_status_valid_check"),
        ({"video_url": "", "location": ""}, "hiring_interview_has_place_check"),
        ({"during": DateTimeTZRange(None, slot().upper)}, "hiring_interview_during_bounded_check"),
        ({"during": DateTimeTZRange(slot().lower, slot().lower)}, "hiring_interview_during_bounded_check"),
    ],
)
def test_checks(fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        InterviewFactory(**fields)


# --- Scheduling -------------------------------------------------------------------------------


def test_schedule_invites_the_candidate_and_the_panel(
    application, employer, tomorrow_ten, django_capture_on_commit_callbacks
):
    colleague = MembershipFactory(company=employer.company).user
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(application, employer, tomorrow_ten, interviewers=[employer.user, colleague])
    assert interview.during.lower == tomorrow_ten
    assert sorted(interview.panel.values_list("user_id", flat=True)) == sorted([employer.user.pk, colleague.pk])
    assert Notification.objects.filter(user=application.candidate.user, type=NotificationType.INTERVIEW).count() == 1
    assert Notification.objects.filter(user=colleague, type=NotificationType.INTERVIEW).count() == 1
    invitations = [m for m in mail.outbox if any(a[0] == "invite.ics" for a in m.attachments)]
    assert sorted(m.to[0] for m in invitations) == sorted(
        [application.candidate.user.email, employer.user.email, colleague.email]
    )
    calendar = calendar_of(next(m for m in invitations if m.to == [application.candidate.user.email]))
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"{interview.uid}@intowork"
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].dt == tomorrow_ten
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Paris"
    assert event["DTEND"].dt - event["DTSTART"].dt == HOUR
    assert str(event["URL"]) == "https://meet.example/x"
    assert {str(a) for a in event["ATTENDEE"]} >= {f"mailto:{application.candidate.user.email}"}
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"


def test_the_invitation_email_shows_times_in_each_recipients_zone(
    application, employer, tomorrow_ten, django_capture_on_commit_callbacks
):
    application.candidate.user.time_zone = "America/New_York"
    application.candidate.user.save()
    employer.user.time_zone = "Asia/Tokyo"
    employer.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        schedule(application, employer, tomorrow_ten)
    by_recipient = {m.to[0]: m.body for m in mail.outbox if m.attachments}
    for email, zone in [(application.candidate.user.email, "America/New_York"), (employer.user.email, "Asia/Tokyo")]:
        with timezone.override(zoneinfo.ZoneInfo(zone)), translation.override("en"):
            shown = exact(tomorrow_ten)
        assert f"({zone})" in shown
        assert f"Starts: {shown}" in by_recipient[email]


def test_a_clash_names_who_is_busy_and_when(application, employer, tomorrow_ten):
    schedule(application, employer, tomorrow_ten)
    other = ApplicationFactory(job=application.job)
    with pytest.raises(ConflictError) as clash:
        schedule(other, employer, tomorrow_ten + datetime.timedelta(minutes=30))
    assert clash.value.field == "interviewers"
    assert employer.user.display_name in clash.value.message
    second_job = ApplicationFactory(job=JobFactory(company=employer.company), candidate=application.candidate)
    colleague = MembershipFactory(company=employer.company).user
    with pytest.raises(ConflictError, match="The candidate already has an interview"):
        schedule(second_job, employer, tomorrow_ten, interviewers=[colleague])
    assert Interview.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"starts_at": "past"}, "in_the_past"),
        ({"duration": datetime.timedelta(minutes=5)}, "invalid_duration"),
        ({"time_zone": "Mars/Olympus"}, "invalid_time_zone"),
        ({"video_url": "", "location": " "}, "no_place"),
        ({"interviewers": []}, "no_interviewer"),
        ({"interviewers": "outsider"}, "not_a_member"),
    ],
)
def test_schedule_refuses_bad_input(application, employer, tomorrow_ten, change, code):
    if change.get("starts_at") == "past":
        change["starts_at"] = tomorrow_ten - datetime.timedelta(days=5)
    if change.get("interviewers") == "outsider":
        change["interviewers"] = [MembershipFactory().user]
    starts_at = change.pop("starts_at", tomorrow_ten)
    with pytest.raises(ServiceError) as refusal:
        schedule(application, employer, starts_at, **change)
    assert refusal.value.code == code
    assert not Interview.objects.exists()


def test_an_ended_application_gets_no_interview(application, employer, tomorrow_ten):
    application.status = ApplicationStatus.REJECTED
    application.save()
    with pytest.raises(ServiceError, match="no longer in the pipeline"):
        schedule(application, employer, tomorrow_ten)


# --- Answers, moves, cancellations -------------------------------------------------------------


def test_the_candidate_accepts_and_the_panel_is_told(application, employer, tomorrow_ten):
    interview = schedule(application, employer, tomorrow_ten)
    services.interview_respond(interview=interview, response="accepted", by=application.candidate.user)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.ACCEPTED
    assert Notification.objects.filter(user=employer.user, title__contains="accepted").count() == 1


def test_declining_frees_everyones_slot(application, employer, tomorrow_ten):
    interview = schedule(application, employer, tomorrow_ten)
    services.interview_respond(interview=interview, response="declined", by=application.candidate.user, note="Sorry")
    assert not Interviewer.objects.get(interview=interview).is_booked
    schedule(ApplicationFactory(job=application.job), employer, tomorrow_ten)  # the interviewer is free again
    colleague = MembershipFactory(company=employer.company).user
    schedule(application, employer, tomorrow_ten, interviewers=[colleague])  # and so is the candidate


def test_another_time_needs_a_note_and_only_the_candidate_answers(application, employer, tomorrow_ten):
    interview = schedule(application, employer, tomorrow_ten)
    with pytest.raises(ServiceError, match="which times"):
        services.interview_respond(interview=interview, response="another_time", by=application.candidate.user)
    with pytest.raises(ServiceError, match="Only the candidate"):
        services.interview_respond(interview=interview, response="accepted", by=employer.user)
    with pytest.raises(ServiceError, match="Accept, decline"):
        services.interview_respond(interview=interview, response="cancelled", by=application.candidate.user)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.PROPOSED


def test_reschedule_sends_a_new_sequence_and_asks_again(
    application, employer, tomorrow_ten, django_capture_on_commit_callbacks
):
    interview = schedule(application, employer, tomorrow_ten)
    services.interview_respond(
        interview=interview, response="another_time", by=application.candidate.user, note="Afternoons"
    )
    mail.outbox.clear()
    later = tomorrow_ten + datetime.timedelta(hours=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_reschedule(
            interview=interview,
            starts_at=later,
            duration=HOUR,
            time_zone="Europe/Paris",
            by=employer.user,
            location="12 rue de la Paix",
        )
    interview.refresh_from_db()
    assert (interview.status, interview.sequence, interview.response_note) == (InterviewStatus.PROPOSED, 1, "")
    assert Interviewer.objects.get(interview=interview).during == interview.during
    (event,) = calendar_of(first_invitation()).walk("VEVENT")
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt == later
    assert str(event["LOCATION"]) == "12 rue de la Paix"


def test_cancel_sends_method_cancel_and_frees_the_slot(
    application, employer, tomorrow_ten, django_capture_on_commit_callbacks
):
    interview = schedule(application, employer, tomorrow_ten)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_cancel(interview=interview, by=employer.user)
    calendar = calendar_of(first_invitation())
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert (event["SEQUENCE"], str(event["STATUS"]), event["UID"]) == (1, "CANCELLED", f"{interview.uid}@intowork")
    with pytest.raises(ConflictError):
        services.interview_respond(interview=interview, response="accepted", by=application.candidate.user)
    schedule(application, employer, tomorrow_ten)


def test_a_superseded_invitation_is_not_sent(application, employer, tomorrow_ten):
    from hiring.tasks import send_interview_invitation

    interview = schedule(application, employer, tomorrow_ten)
    services.interview_cancel(interview=interview, by=employer.user)
    mail.outbox.clear()
    assert send_interview_invitation.call(interview_id=interview.pk, user_id=employer.user.pk, sequence=0) is False
    assert mail.outbox == []
