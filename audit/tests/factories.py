import factory

from audit.models import AuditAction, AuditEvent
from jobs.tests.factories import ApplicationFactory


class AuditEventFactory(factory.django.DjangoModelFactory):
    """An application opened by nobody in particular; pass ``actor`` and ``company``."""

    class Meta:
        model = AuditEvent

    action = AuditAction.APPLICATION_VIEWED
    application = factory.SubFactory(ApplicationFactory)
    company = factory.LazyAttribute(lambda event: event.application.job.company if event.application else None)
