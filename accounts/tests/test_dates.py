"""Dates as people read them (accounts/templatetags/dates.py): relative for the recent past,
the date after a week, the reader's language and zone, the exact time on hover."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from accounts.templatetags.dates import exact, relative

NOW = datetime.datetime(2026, 12, 2, 15, 41, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("seconds_ago", "expected"),
    [
        (0, "just now"),
        (59, "just now"),
        (60, "1 minute ago"),
        (5 * 60, "5 minutes ago"),
        (3600, "1 hour ago"),
        (23 * 3600, "23 hours ago"),
        (86400, "yesterday"),
        (3 * 86400, "3 days ago"),
        (7 * 86400, None),  # a date says it better
        (-30, "in a moment"),
        (-2 * 86400, "in 2 days"),
    ],
)
def test_the_recent_past_is_said_in_words(seconds_ago, expected):
    with translation.override("en"):
        assert relative(NOW - datetime.timedelta(seconds=seconds_ago), now=NOW) == expected


def test_in_french_too():
    with translation.override("fr"):
        assert relative(NOW, now=NOW) == "à l’instant"
        assert relative(NOW - datetime.timedelta(minutes=2), now=NOW) == "il y a 2\u00a0minutes"


def render(source, **context):
    return Template("{% load dates %}" + source).render(Context(context))


def test_a_time_element_with_the_exact_time_in_the_readers_zone_and_language():
    old = NOW - datetime.timedelta(days=30)
    with translation.override("fr"), timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        html = render("{% when value %}", value=old)
    assert html == (
        '<time datetime="2026-11-02T16:41:00+01:00" title="2 novembre 2026 16:41 (Europe/Paris)">'
        "2 novembre 2026</time>"
    )


def test_never_a_numeric_date_that_reads_as_two_days():
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        shown = render('{% when value "datetime" %}', value=NOW - datetime.timedelta(days=30))
        assert ">Nov. 2, 2026, 10:41 a.m.</time>" in shown
        assert exact(NOW).endswith("(America/New_York)")


def test_recent_times_are_relative_and_none_is_nothing():
    with translation.override("en"):
        assert ">just now</time>" in render("{% when value %}", value=timezone.now())
        assert render("{% when value %}", value=None) == ""
        assert exact(None) == ""
