import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import CV, Experience, SavedJob, Skill
from candidates.tests.factories import (
    PDF_BYTES,
    CVFactory,
    ExperienceFactory,
    SavedJobFactory,
    SkillFactory,
)
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, candidate):
    client.force_login(candidate.user)
    return client


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"start_date": "2022-01-01", "end_date": "2021-01-01"}, "end_date", "on or after the start date"),
        ({"start_date": "2022-01-01", "end_date": "2023-01-01", "is_current": True}, "end_date", "no end date"),
    ],
)
def test_experience_rules_of_the_database_are_field_errors(api, candidate, body, field, message):
    response = api.post(
        "/api/v1/me/experiences/", {"title": "Dev", "company_name": "X", **body}, content_type="application/json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and message in error["fields"][field][0]
    assert not Experience.objects.exists()


def test_a_partial_update_is_checked_against_the_stored_row(api, candidate):
    experience = ExperienceFactory(candidate=candidate)  # 2020-01-01 → 2022-06-30
    response = api.patch(
        f"/api/v1/me/experiences/{experience.pk}/", {"end_date": "2019-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400 and "end_date" in response.json()["error"]["fields"]
    experience.refresh_from_db()
    assert str(experience.end_date) == "2022-06-30"


def test_a_skill_twice_whatever_its_case_is_a_field_error(api, candidate):
    SkillFactory(candidate=candidate, name="Python")
    response = api.post("/api/v1/me/skills/", {"name": "PYTHON"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"name": ["You already have this skill."]}
    assert Skill.objects.count() == 1


def test_profile_salary_range_is_checked(api, candidate):
    response = api.patch(
        "/api/v1/me/",
        {"candidate_profile": {"salary_expectation_min": 60000, "salary_expectation_max": 50000}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "salary_expectation_max" in response.json()["error"]["fields"]["candidate_profile"]
    candidate.refresh_from_db()
    assert candidate.salary_expectation_min is None


def test_cv_upload_refuses_a_file_that_is_not_a_pdf_or_docx_whatever_its_name(api):
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = api.post("/api/v1/me/cvs/", {"file": fake})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "cv_bad_type" and "file" in response.json()["error"]["fields"]
    assert not CV.objects.exists()


def test_cv_upload_refuses_more_than_5_mb_before_reading_it(api):
    big = SimpleUploadedFile("cv.pdf", PDF_BYTES + b"0" * (5 * 1024 * 1024 + 70_000))
    response = api.post("/api/v1/me/cvs/", {"file": big})
    assert response.status_code == 413 and response.json()["error"]["code"] == "cv_too_large"
    assert not CV.objects.exists()


def test_cv_default_switch_download_and_delete(api, candidate):
    first = CVFactory(candidate=candidate, is_default=True)
    second = CVFactory(candidate=candidate, title="Second")
    assert api.post(f"/api/v1/me/cvs/{second.pk}/default/").json()["is_default"] is True
    assert list(CV.objects.filter(is_default=True)) == [second]
    response = api.get(f"/api/v1/me/cvs/{second.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "no-store" in response["Cache-Control"]
    assert api.delete(f"/api/v1/me/cvs/{second.pk}/").status_code == 204
    first.refresh_from_db()
    assert first.is_default  # the other CV took over


def test_saving_a_job_twice_is_saving_it_once_and_drafts_cannot_be_saved(api, candidate):
    job = JobFactory()
    assert api.post("/api/v1/saved-jobs/", {"job": job.pk}, content_type="application/json").status_code == 201
    assert api.post("/api/v1/saved-jobs/", {"job": job.pk}, content_type="application/json").status_code == 201
    assert SavedJob.objects.filter(candidate=candidate).count() == 1
    draft = JobFactory(draft=True)
    response = api.post("/api/v1/saved-jobs/", {"job": draft.pk}, content_type="application/json")
    assert response.status_code == 400 and "job" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/api/v1/me/experiences/", lambda candidate: ExperienceFactory.create_batch(3, candidate=candidate)),
        ("/api/v1/me/skills/", lambda candidate: SkillFactory.create_batch(3, candidate=candidate)),
        ("/api/v1/me/cvs/", lambda candidate: CVFactory.create_batch(3, candidate=candidate)),
        ("/api/v1/saved-jobs/", lambda candidate: SavedJobFactory.create_batch(3, candidate=candidate)),
    ],
)
def test_lists_cost_a_fixed_number_of_queries(api, candidate, django_assert_num_queries, path, make):
    make(candidate)
    # session + user, the page, (the profile is only read on writes)
    with django_assert_num_queries(3):
        response = api.get(path + "?page_size=2")
    page = response.json()
    assert len(page["results"]) == 2 and page["next"]
    assert len(api.get(page["next"]).json()["results"]) == 1
