import datetime

import factory
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from hiring.models import Interview, Interviewer
from jobs.tests.factories import ApplicationFactory


def slot(*, days: int = 2, hour: int = 10, minutes: int = 60) -> DateTimeTZRange:
    start = (timezone.now() + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return DateTimeTZRange(start, start + datetime.timedelta(minutes=minutes), "[)")


class InterviewFactory(factory.django.DjangoModelFactory):
    """An interview with no panel; add ``Interviewer`` rows with ``InterviewerFactory``."""

    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory)
    candidate = factory.LazyAttribute(lambda interview: interview.application.candidate)
    during = factory.LazyFunction(slot)
    time_zone = "Europe/Paris"
    video_url = "https://meet.example/abc"


class InterviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interviewer

    interview = factory.SubFactory(InterviewFactory)
    user = factory.SubFactory("accounts.tests.factories.UserFactory", role="employer")
    during = factory.LazyAttribute(lambda seat: seat.interview.during)
