"""The candidate-side rules PostgreSQL enforces, each hit directly."""

import datetime

import pytest

from candidates.models import CV
from candidates.tests.factories import (
    CandidateProfileFactory,
    CVFactory,
    EducationFactory,
    ExperienceFactory,
    SavedJobFactory,
    SkillFactory,
)
from intowork.tests.helpers import violates

pytestmark = pytest.mark.django_db


def test_one_default_cv_per_candidate():
    default = CVFactory(is_default=True)
    CVFactory(candidate=default.candidate, is_default=False)
    CVFactory(is_default=True)  # another candidate's default
    with violates("candidates_cv_one_default_uniq"):
        CVFactory(candidate=default.candidate, is_default=True)
    assert CV.objects.filter(candidate=default.candidate, is_default=True).count() == 1


def test_cv_larger_than_5_mb_is_refused():
    with violates("candidates_cv_size_max_5mb_check"):
        CVFactory(size=5 * 1024 * 1024 + 1)


def test_skill_name_is_unique_per_candidate_ignoring_case():
    skill = SkillFactory(name="Python")
    SkillFactory(name="python")  # someone else's
    with violates("candidates_skill_name_ci_uniq"):
        SkillFactory(candidate=skill.candidate, name="PYTHON")


def test_skill_name_cannot_be_blank_nor_of_unknown_level():
    with violates("candidates_skill_name_not_blank_check"):
        SkillFactory(name="")
    with violates("candidates_skill_level_check"):
        SkillFactory(level="guru")


def test_salary_expectation_min_cannot_exceed_max():
    with violates("candidates_profile_salary_min_lte_max_check"):
        CandidateProfileFactory(salary_expectation_min=60_000, salary_expectation_max=50_000)


def test_salary_expectation_cannot_be_negative():
    with violates("salary_expectation_min_check"):
        CandidateProfileFactory(salary_expectation_min=-1)


def test_experience_cannot_end_before_it_starts():
    with violates("candidates_experience_start_lte_end_check"):
        ExperienceFactory(start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2021, 1, 1))


def test_a_current_experience_has_no_end():
    ExperienceFactory(is_current=True, end_date=None)
    with violates("candidates_experience_current_has_no_end_check"):
        ExperienceFactory(is_current=True, end_date=datetime.date(2023, 1, 1))


def test_education_cannot_end_before_it_starts():
    with violates("candidates_education_start_lte_end_check"):
        EducationFactory(start_date=datetime.date(2020, 9, 1), end_date=datetime.date(2019, 6, 1))


def test_a_job_is_saved_once():
    saved = SavedJobFactory()
    with violates("candidates_savedjob_candidate_job_uniq"):
        SavedJobFactory(candidate=saved.candidate, job=saved.job)


def test_deleting_the_account_deletes_the_profile_and_its_parts():
    cv = CVFactory()
    SkillFactory(candidate=cv.candidate)
    cv.candidate.user.delete()
    assert not CV.objects.exists()
