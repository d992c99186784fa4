import factory

from jobs.tests.factories import JobFactory
from moderation.models import JobReport, ReportReason


class JobReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobReport

    job = factory.SubFactory(JobFactory)
    reason = ReportReason.SCAM
    note = "Asks for a fee to apply."
