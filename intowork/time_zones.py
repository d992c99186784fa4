"""Time zones by IANA name (Europe/Paris): which names are real, and a zone for any of them."""

import functools
import zoneinfo

from django.conf import settings

# The cookie that carries the visitor's time zone name (like Django's language cookie).
TIME_ZONE_COOKIE = "intowork_tz"


@functools.cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(name: str) -> bool:
    return name in time_zone_names()


def zone_or_default(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone called ``name``; the site's zone (settings.TIME_ZONE) for none or an unknown name."""
    return zoneinfo.ZoneInfo(name if name and is_time_zone(name) else settings.TIME_ZONE)
