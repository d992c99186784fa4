import datetime
import zoneinfo

import pytest
from django.utils import timezone

from jobs.tests.factories import ApplicationFactory, JobFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def application(employer, candidate):
    """An application to a job of ``employer``'s company, by ``candidate``."""
    return ApplicationFactory(job=JobFactory(company=employer.company), candidate=candidate)


@pytest.fixture
def tomorrow_ten():
    """10:00 in Paris, two days ahead."""
    day = timezone.now().astimezone(PARIS).date() + datetime.timedelta(days=2)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=PARIS)
