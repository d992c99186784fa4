"""Dates and times as people read them, in one place: in the reader's language (Django's
locale formats, never a numeric 12/02/2026 that reads as two different days) and time zone
(the ``intowork_tz`` cookie on pages, ``User.time_zone`` in emails), the recent past as
"just now" or "5 minutes ago", and the exact time in the element's title, on hover.

    {% load dates %}
    {% when application.applied_at %}          relative for the last week, then the date
    {% when job.expires_at "date" %}            the date
    {% when change.created_at "datetime" %}     the date and the time
    {{ change.created_at|exact }}               the date, time and zone, as plain text
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext

register = template.Library()

MINUTE, HOUR, DAY = 60, 3600, 86400
# Further back than this, a date reads better than "23 days ago".
RELATIVE_FOR = 7 * DAY


def _local(value: datetime.datetime | datetime.date) -> datetime.datetime | datetime.date:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def relative(value: datetime.datetime, now: datetime.datetime | None = None) -> str | None:
    """ "just now", "5 minutes ago", "3 hours ago", "2 days ago"; "in 3 days" ahead; None
    when the time is too far to say it this way (the date says it better)."""
    seconds = int(((now or timezone.now()) - value).total_seconds())
    ahead = seconds < 0
    seconds = abs(seconds)
    if seconds < MINUTE:
        return gettext("in a moment") if ahead else gettext("just now")
    if seconds >= RELATIVE_FOR:
        return None
    if seconds < HOUR:
        n = seconds // MINUTE
        if ahead:
            return ngettext("in %(n)d minute", "in %(n)d minutes", n) % {"n": n}
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", n) % {"n": n}
    if seconds < DAY:
        n = seconds // HOUR
        if ahead:
            return ngettext("in %(n)d hour", "in %(n)d hours", n) % {"n": n}
        return ngettext("%(n)d hour ago", "%(n)d hours ago", n) % {"n": n}
    n = seconds // DAY
    if ahead:
        return ngettext("in %(n)d day", "in %(n)d days", n) % {"n": n}
    if n == 1:
        return pgettext("a day ago", "yesterday")
    return ngettext("%(n)d day ago", "%(n)d days ago", n) % {"n": n}


@register.filter
def exact(value: datetime.datetime | datetime.date | None) -> str:
    """The date and time in the reader's locale and zone, with the zone: "2 décembre 2026
    16:41 (Europe/Paris)"; a date alone for a date."""
    if value is None:
        return ""
    if not isinstance(value, datetime.datetime):
        return date_format(value, get_format("DATE_FORMAT"))
    local = _local(value)
    shown = date_format(local, get_format("DATETIME_FORMAT"))
    if timezone.is_aware(value):
        shown = f"{shown} ({timezone.get_current_timezone_name()})"
    return shown


@register.simple_tag
def when(value: datetime.datetime | datetime.date | None, style: str = "relative") -> str:
    """A <time> element: relative for the recent past ("relative"), else the date ("date") or
    the date and time ("datetime"); the exact time in its title."""
    if value is None:
        return ""
    local = _local(value)
    shown = None
    if style == "relative" and isinstance(value, datetime.datetime):
        shown = relative(value)
    if shown is None:
        name = "DATETIME_FORMAT" if style == "datetime" and isinstance(value, datetime.datetime) else "DATE_FORMAT"
        shown = date_format(local, get_format(name))
    machine = local.isoformat()
    return format_html('<time datetime="{}" title="{}">{}</time>', machine, exact(value), shown)
