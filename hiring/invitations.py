"""Interview invitations as iCalendar files (RFC 5546's iTIP): METHOD:REQUEST invites and
updates, METHOD:CANCEL cancels; the same UID with a higher SEQUENCE replaces what a calendar
holds instead of adding a second event."""

import datetime
import zoneinfo
from email.utils import parseaddr

import icalendar
from django.conf import settings

from hiring.models import Interview, InterviewStatus

PRODUCT_ID = "-//IntoWork//Interviews//EN"


def interview_method(interview: Interview) -> str:
    return "CANCEL" if interview.status == InterviewStatus.CANCELLED else "REQUEST"


def interview_calendar(interview: Interview, *, summary: str, description: str) -> bytes:
    """The .ics of ``interview`` as it stands (its panel prefetched): times in the zone it was
    scheduled in, with that zone's definition, so every calendar shows the same instant."""
    zone = zoneinfo.ZoneInfo(interview.time_zone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", interview_method(interview))
    event = icalendar.Event()
    event.add("uid", f"{interview.uid}@intowork")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", interview.starts_at.astimezone(zone))
    event.add("dtend", interview.ends_at.astimezone(zone))
    event.add("summary", summary)
    event.add("description", description)
    event.add("status", "CANCELLED" if interview.status == InterviewStatus.CANCELLED else "CONFIRMED")
    if interview.location:
        event.add("location", interview.location)
    if interview.video_url:
        event.add("url", interview.video_url)
    event.add("organizer", icalendar.vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"))
    attendees = [interview.candidate.user, *(seat.user for seat in interview.panel.all())]
    for person in attendees:
        attendee = icalendar.vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = icalendar.vText(person.display_name)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
