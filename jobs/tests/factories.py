import datetime

import factory
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from candidates.tests.factories import CandidateProfileFactory
from jobs.models import (
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Company,
    Job,
    JobStatus,
    MemberRole,
    Membership,
)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    industry = "Software"
    location = "Paris"


class MembershipFactory(factory.django.DjangoModelFactory):
    """A membership; ``MembershipFactory().user`` is an employer of ``.company``."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, role=Role.EMPLOYER)
    company = factory.SubFactory(CompanyFactory)
    role = MemberRole.OWNER


class JobFactory(factory.django.DjangoModelFactory):
    """A published job by default; pass ``status=JobStatus.DRAFT`` for a draft."""

    class Meta:
        model = Job

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Python Developer {n}")
    slug = factory.Sequence(lambda n: f"python-developer-{n}")
    description = "Build and run Django services for our customers."
    requirements = "Three years of Python."
    skills = factory.LazyFunction(lambda: ["Python", "Django", "PostgreSQL"])
    location = "Paris"
    status = JobStatus.PUBLISHED
    salary_min = 50_000
    salary_max = 70_000
    posted_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(
        lambda job: job.posted_at + datetime.timedelta(days=30) if job.posted_at else None
    )

    class Params:
        draft = factory.Trait(status=JobStatus.DRAFT, posted_at=None, salary_min=None, salary_max=None)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    job = factory.SubFactory(JobFactory)
    candidate = factory.SubFactory(CandidateProfileFactory)
    cover_letter = "I would love to work with you."
    status = ApplicationStatus.APPLIED


class ApplicationStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationStatusChange

    application = factory.SubFactory(ApplicationFactory)
    from_status = ApplicationStatus.APPLIED
    to_status = ApplicationStatus.VIEWED
