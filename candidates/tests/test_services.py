import datetime

import pytest

from candidates import services
from candidates.models import CandidateProfile, Experience, SavedJob, Skill
from candidates.tests.factories import ExperienceFactory, SkillFactory
from intowork.exceptions import ServiceError
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_profile_update_saves_the_fields(candidate):
    services.profile_update(candidate=candidate, headline="  Data engineer  ", salary_expectation_min=40_000)
    candidate.refresh_from_db()
    assert (candidate.headline, candidate.salary_expectation_min) == ("Data engineer", 40_000)


def test_profile_update_refuses_a_maximum_below_the_minimum(candidate):
    with pytest.raises(ServiceError) as error:
        services.profile_update(candidate=candidate, salary_expectation_min=60_000, salary_expectation_max=50_000)
    assert error.value.field == "salary_expectation_max"
    assert CandidateProfile.objects.get(pk=candidate.pk).salary_expectation_min is None


def test_profile_update_refuses_unknown_fields(candidate):
    with pytest.raises(TypeError):
        services.profile_update(candidate=candidate, user_id=1)


def test_skill_add_refuses_the_same_name_in_another_case(candidate):
    services.skill_add(candidate=candidate, name="PostgreSQL")
    with pytest.raises(ServiceError) as error:
        services.skill_add(candidate=candidate, name=" postgresql ")
    assert (error.value.code, error.value.field) == ("skill_duplicate", "name")
    assert list(candidate.skills.values_list("name", flat=True)) == ["PostgreSQL"]


def test_skill_add_refuses_a_blank_name(candidate):
    with pytest.raises(ServiceError) as error:
        services.skill_add(candidate=candidate, name="   ")
    assert error.value.code == "skill_blank"
    assert not Skill.objects.exists()


def test_skill_update_and_delete(candidate):
    skill = SkillFactory(candidate=candidate, name="Python")
    services.skill_update(skill=skill, level="expert")
    assert Skill.objects.get(pk=skill.pk).level == "expert"
    services.skill_delete(skill=skill)
    assert not Skill.objects.filter(pk=skill.pk).exists()


def test_experience_rules_become_field_errors(candidate):
    with pytest.raises(ServiceError) as error:
        services.experience_add(
            candidate=candidate,
            title="Dev",
            company_name="Acme",
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2023, 1, 1),
        )
    assert error.value.field == "end_date"
    experience = ExperienceFactory(candidate=candidate)
    with pytest.raises(ServiceError) as error:
        services.experience_update(experience=experience, is_current=True)
    assert error.value.code == "current_has_end"
    assert Experience.objects.get(pk=experience.pk).is_current is False


def test_education_add_update_delete(candidate):
    education = services.education_add(
        candidate=candidate, school="EPFL", degree="MSc", start_date=datetime.date(2018, 9, 1)
    )
    services.education_update(education=education, degree="PhD")
    assert candidate.educations.get().degree == "PhD"
    services.education_delete(education=education)
    assert not candidate.educations.exists()


def test_saved_job_toggle_saves_then_forgets(candidate):
    job = JobFactory()
    assert services.saved_job_toggle(candidate=candidate, job=job) is True
    assert SavedJob.objects.filter(candidate=candidate, job=job).count() == 1
    assert services.saved_job_toggle(candidate=candidate, job=job) is False
    assert not SavedJob.objects.filter(candidate=candidate, job=job).exists()
