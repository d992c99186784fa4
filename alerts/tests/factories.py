import factory
from django.http import QueryDict
from django.utils import timezone

from accounts.tests.factories import UserFactory
from alerts.models import Alert, AlertFrequency
from alerts.services import alert_params, query_key


class AlertFactory(factory.django.DjangoModelFactory):
    """A member's confirmed daily alert for "python"; ``user=None, email=...`` for a guest's."""

    class Meta:
        model = Alert

    user = factory.SubFactory(UserFactory)
    email = ""
    name = "python"
    params = factory.LazyFunction(lambda: alert_params(QueryDict("q=python")))
    query_key = factory.LazyAttribute(lambda alert: query_key(alert.params))
    frequency = AlertFrequency.DAILY
    confirmed_at = factory.LazyFunction(timezone.now)
    checked_until = factory.SelfAttribute("confirmed_at")
    next_run_at = factory.SelfAttribute("confirmed_at")
