import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import CV, CandidateProfile, SavedJob, Skill
from candidates.tests.factories import (
    PDF_BYTES,
    CandidateProfileFactory,
    CVFactory,
    EducationFactory,
    ExperienceFactory,
    SavedJobFactory,
    SkillFactory,
)
from jobs.models import Application, ApplicationStatus
from jobs.services import application_change_status, application_submit
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/jobs/"}


def apply_url(job):
    return reverse("candidates:job_apply", args=[job.pk, job.slug])


def save_url(job):
    return reverse("candidates:job_save_toggle", args=[job.pk, job.slug])


# --- Who may see candidate pages ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["candidates:profile", "candidates:cv_list", "candidates:application_list"])
def test_candidate_pages_send_visitors_to_login_and_refuse_employers(client, employer, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    client.force_login(employer.user)
    assert client.get(reverse(name)).status_code == 403


# --- Profile -------------------------------------------------------------------------------------


def test_profile_saves_the_form(client, candidate):
    client.force_login(candidate.user)
    assert client.get(reverse("candidates:profile")).status_code == 200
    response = client.post(
        reverse("candidates:profile"),
        {
            "headline": "SRE",
            "bio": "",
            "location": "Lyon",
            "phone": "",
            "salary_currency": "EUR",
            "availability": "immediately",
            "salary_expectation_min": "50000",
            "salary_expectation_max": "60000",
        },
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.headline, candidate.location, candidate.salary_expectation_max) == ("SRE", "Lyon", 60_000)


def test_profile_with_a_bad_salary_range_shows_the_error_and_saves_nothing(client, candidate):
    client.force_login(candidate.user)
    before = candidate.headline
    response = client.post(
        reverse("candidates:profile"),
        {
            "headline": "Changed",
            "salary_currency": "EUR",
            "availability": "immediately",
            "salary_expectation_min": "70000",
            "salary_expectation_max": "60000",
        },
    )
    assert response.status_code == 200
    assert response.context["profile_form"].errors
    assert CandidateProfile.objects.get(pk=candidate.pk).headline == before


def test_skill_added_and_removed_with_htmx(client, candidate):
    client.force_login(candidate.user)
    response = client.post(
        reverse("candidates:section_add", args=["skills"]), {"skill-name": "Rust", "skill-level": "advanced"}, **HTMX
    )
    assert response.status_code == 200
    assert 'id="skills-panel"' in response.text and "Rust" in response.text
    skill = candidate.skills.get()
    duplicate = client.post(
        reverse("candidates:section_add", args=["skills"]), {"skill-name": "rust", "skill-level": "beginner"}, **HTMX
    )
    assert "You already have this skill." in duplicate.text
    assert candidate.skills.count() == 1
    client.post(reverse("candidates:section_delete", args=["skills", skill.pk]), **HTMX)
    assert not candidate.skills.exists()


def test_experience_added_then_edited(client, candidate):
    client.force_login(candidate.user)
    response = client.post(
        reverse("candidates:section_add", args=["experiences"]),
        {
            "experience-title": "Backend developer",
            "experience-company_name": "Acme",
            "experience-start_date": "2021-03-01",
            "experience-is_current": "on",
        },
    )
    assert response.status_code == 302
    experience = candidate.experiences.get()
    assert experience.is_current
    url = reverse("candidates:section_edit", args=["experiences", experience.pk])
    assert client.get(url).status_code == 200
    client.post(
        url, {"title": "Lead developer", "company_name": "Acme", "start_date": "2021-03-01", "end_date": "2024-01-31"}
    )
    experience.refresh_from_db()
    assert (experience.title, str(experience.end_date), experience.is_current) == (
        "Lead developer",
        "2024-01-31",
        False,
    )


def test_another_candidates_rows_are_404_and_stay(client, candidate):
    other_skill = SkillFactory()
    other_experience = ExperienceFactory()
    client.force_login(candidate.user)
    assert client.post(reverse("candidates:section_delete", args=["skills", other_skill.pk])).status_code == 404
    assert client.get(reverse("candidates:section_edit", args=["experiences", other_experience.pk])).status_code == 404
    assert client.post(reverse("candidates:section_add", args=["passwords"])).status_code == 404
    assert Skill.objects.filter(pk=other_skill.pk).exists()


# --- CVs -------------------------------------------------------------------------------------------


def test_cv_upload_is_checked_by_content(client, candidate):
    client.force_login(candidate.user)
    fake = SimpleUploadedFile("cv.pdf", b"just text pretending", content_type="application/pdf")
    response = client.post(reverse("candidates:cv_list"), {"file": fake, "title": "Fake"})
    assert response.status_code == 400
    assert "Upload a PDF or a Word (DOCX) document." in response.text
    assert not CV.objects.exists()
    real = SimpleUploadedFile("whatever.bin", PDF_BYTES, content_type="application/octet-stream")
    response = client.post(reverse("candidates:cv_list"), {"file": real, "title": "CV 2026"})
    assert response.status_code == 302
    cv = candidate.cvs.get()
    assert (cv.title, cv.content_type, cv.is_default) == ("CV 2026", "application/pdf", True)


def test_cv_default_and_delete(client, candidate):
    first, second = CVFactory(candidate=candidate, is_default=True), CVFactory(candidate=candidate)
    client.force_login(candidate.user)
    client.post(reverse("candidates:cv_set_default", args=[second.pk]))
    assert list(candidate.cvs.filter(is_default=True)) == [second]
    client.post(reverse("candidates:cv_delete", args=[second.pk]))
    assert list(candidate.cvs.all()) == [first]
    assert CV.objects.get(pk=first.pk).is_default


def test_another_candidates_cv_cannot_be_changed(client, candidate):
    other = CVFactory(is_default=True)
    client.force_login(candidate.user)
    assert client.post(reverse("candidates:cv_delete", args=[other.pk])).status_code == 404
    assert client.post(reverse("candidates:cv_set_default", args=[other.pk])).status_code == 404
    assert CV.objects.filter(pk=other.pk, is_default=True).exists()


def test_cv_download_access_matrix(client, candidate, staff):
    cv = CVFactory(candidate=candidate)
    applied_company = MembershipFactory()
    ApplicationFactory(candidate=candidate, cv=cv, job=JobFactory(company=applied_company.company))
    other_company = MembershipFactory()
    ApplicationFactory(candidate=candidate, cv=None, job=JobFactory(company=other_company.company))
    url = reverse("candidates:cv_download", args=[cv.pk])

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("account_login"))
    expected = {
        candidate.user: 200,
        applied_company.user: 200,
        staff: 200,
        other_company.user: 404,  # the candidate applied there, but not with this CV
        CandidateProfileFactory().user: 404,
    }
    for user, status in expected.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF_BYTES
            assert response["Content-Type"] == "application/pdf"
            assert response["Cache-Control"] == "private, no-store"


# --- Applying -------------------------------------------------------------------------------------


def test_apply_with_a_cv_then_twice_is_a_friendly_message(client, candidate):
    job = JobFactory()
    cv = CVFactory(candidate=candidate, is_default=True)
    client.force_login(candidate.user)
    page = client.get(apply_url(job))
    assert page.status_code == 200 and page.context["form"]["cv"].initial == cv.pk
    response = client.post(apply_url(job), {"cv": cv.pk, "cover_letter": "Hello"})
    application = Application.objects.get(candidate=candidate, job=job)
    # The confirmation: the application's own page, with what was sent.
    assert response.status_code == 302
    assert response.url == reverse("candidates:application_detail", args=[application.pk])
    assert (application.cv, application.cover_letter, application.status) == (cv, "Hello", "applied")
    again = client.post(apply_url(job), {"cover_letter": "Again"}, follow=True)
    assert "You have already applied to this job" in again.text
    assert Application.objects.filter(candidate=candidate, job=job).count() == 1


def test_apply_refuses_another_candidates_cv(client, candidate):
    job = JobFactory()
    client.force_login(candidate.user)
    response = client.post(apply_url(job), {"cv": CVFactory().pk, "cover_letter": ""})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_apply_refused_to_employers_and_closed_jobs(client, candidate, employer):
    job = JobFactory()
    client.force_login(employer.user)
    assert client.post(apply_url(job), {"cover_letter": "x"}).status_code == 403
    closed = JobFactory(status="closed")
    client.force_login(candidate.user)
    assert client.post(apply_url(closed), {"cover_letter": "x"}).status_code == 302
    assert client.get(apply_url(JobFactory(draft=True))).status_code == 404
    assert not Application.objects.exists()


def test_reapply_after_a_rejection(client, candidate, employer):
    job = JobFactory(company=employer.company)
    first = application_submit(candidate=candidate, job=job)
    application_change_status(application=first, to=ApplicationStatus.REJECTED, by=employer.user)
    client.force_login(candidate.user)
    assert client.post(apply_url(job), {"cover_letter": "Second try"}).status_code == 302
    assert list(Application.objects.filter(job=job).order_by("id").values_list("status", flat=True)) == [
        "rejected",
        "applied",
    ]


def test_withdraw_own_application_only(client, candidate):
    mine = application_submit(candidate=candidate, job=JobFactory())
    theirs = ApplicationFactory()
    client.force_login(candidate.user)
    assert client.post(reverse("candidates:application_withdraw", args=[theirs.pk])).status_code == 404
    assert Application.objects.get(pk=theirs.pk).status == "applied"
    client.post(reverse("candidates:application_withdraw", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == "withdrawn"
    assert list(mine.status_changes.values_list("to_status", flat=True)) == ["applied", "withdrawn"]


def test_my_applications_filter_and_timeline_in_a_fixed_number_of_queries(
    client, candidate, employer, django_assert_max_num_queries
):
    applications = [
        application_submit(candidate=candidate, job=JobFactory(company=employer.company)) for _ in range(3)
    ]
    for application in applications[:2]:
        application_change_status(application=application, to=ApplicationStatus.INTERVIEW, by=employer.user)
    ApplicationFactory()  # someone else's
    client.force_login(candidate.user)
    # session, user, profile, the status counts (also the paginator's count), the unread
    # badge, the page's rows, and one prefetch for every timeline
    with django_assert_max_num_queries(7):
        response = client.get(reverse("candidates:application_list"))
    assert len(response.context["page_obj"]) == 3
    assert response.context["page_obj"].paginator.count == 3
    assert response.text.count("— Interview") == 2
    filtered = client.get(reverse("candidates:application_list"), {"status": "interview"})
    assert {a.pk for a in filtered.context["page_obj"]} == {a.pk for a in applications[:2]}
    assert filtered.context["page_obj"].paginator.count == 2


# --- Saved jobs ---------------------------------------------------------------------------------------


def test_save_toggle_with_htmx_returns_the_button(client, candidate):
    job = JobFactory()
    client.force_login(candidate.user)
    response = client.post(save_url(job), **HTMX)
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.text
    assert SavedJob.objects.filter(candidate=candidate, job=job).exists()
    response = client.post(save_url(job), {"next": "/saved-jobs/"})
    assert response.status_code == 302 and response.url == "/saved-jobs/"
    assert not SavedJob.objects.filter(candidate=candidate, job=job).exists()


def test_save_toggle_sends_visitors_to_login_and_saves_nothing(client):
    job = JobFactory()
    response = client.post(save_url(job), **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"].startswith(reverse("account_login"))
    assert client.post(save_url(job)).status_code == 302
    assert client.post(save_url(JobFactory(draft=True))).status_code == 302
    assert not SavedJob.objects.exists()


def test_saved_jobs_list_in_a_fixed_number_of_queries(client, candidate, django_assert_max_num_queries):
    SavedJobFactory.create_batch(3, candidate=candidate)
    SavedJobFactory()  # someone else's
    client.force_login(candidate.user)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("candidates:saved_job_list"))
    assert len(response.context["page_obj"]) == 3


def test_profile_and_cv_pages_in_a_fixed_number_of_queries(client, candidate, django_assert_max_num_queries):
    ExperienceFactory.create_batch(2, candidate=candidate)
    EducationFactory.create_batch(2, candidate=candidate)
    SkillFactory.create_batch(3, candidate=candidate)
    CVFactory.create_batch(2, candidate=candidate)
    client.force_login(candidate.user)
    # session, user, profile, CV count, experiences, educations, skills, unread badge
    with django_assert_max_num_queries(8):
        response = client.get(reverse("candidates:profile"))
    assert len(response.context["skills"]) == 3 and len(response.context["experiences"]) == 2
    with django_assert_max_num_queries(5):  # session, user, profile, CVs, unread badge
        response = client.get(reverse("candidates:cv_list"))
    assert len(response.context["cvs"]) == 2


def test_cv_upload_returns_to_the_application_being_written_but_never_off_site(client, candidate):
    job = JobFactory()
    client.force_login(candidate.user)
    upload = {"file": SimpleUploadedFile("cv.pdf", PDF_BYTES), "title": "CV", "next": apply_url(job)}
    assert client.post(reverse("candidates:cv_list"), upload).url == apply_url(job)
    upload = {"file": SimpleUploadedFile("cv.pdf", PDF_BYTES), "title": "CV", "next": "https://evil.example/"}
    assert client.post(reverse("candidates:cv_list"), upload).url == reverse("candidates:cv_list")
