import datetime

import factory
from django.core.files.base import ContentFile

from accounts.models import Role
from accounts.tests.factories import UserFactory
from candidates.models import CV, CandidateProfile, Education, Experience, SavedJob, Skill

# The smallest file that content sniffing accepts as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, role=Role.CANDIDATE)
    headline = factory.Faker("job")
    location = factory.Faker("city")


class CVFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CV

    candidate = factory.SubFactory(CandidateProfileFactory)
    title = "My CV"
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="cv.pdf"))
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    is_default = False


class ExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experience

    candidate = factory.SubFactory(CandidateProfileFactory)
    title = factory.Faker("job")
    company_name = factory.Faker("company")
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2022, 6, 30)


class EducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Education

    candidate = factory.SubFactory(CandidateProfileFactory)
    school = "Université de Lyon"
    degree = "MSc"
    start_date = datetime.date(2015, 9, 1)
    end_date = datetime.date(2017, 6, 30)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    candidate = factory.SubFactory(CandidateProfileFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")


class SavedJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedJob

    candidate = factory.SubFactory(CandidateProfileFactory)
    job = factory.SubFactory("jobs.tests.factories.JobFactory")
