"""The company's job postings (jobs/views/employer_jobs.py): writing, previewing, publishing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.tests.factories import JobFactory
from jobs.tests.helpers import job_data, job_url

pytestmark = pytest.mark.django_db


# --- Writing jobs -----------------------------------------------------------------------------


def test_posting_a_job_saves_a_draft(owner_client, employer):
    response = owner_client.post(reverse("employer:job_create"), job_data(expires_at="2099-06-30"))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job_url("job_preview", job)
    assert (job.status, job.company, job.author, job.slug) == (
        JobStatus.DRAFT,
        employer.company,
        employer.user,
        "backend-developer",
    )
    assert job.skills == ["Python", "Django", "PostgreSQL"]
    assert job.salary_currency == "EUR"
    assert job.expires_at == timezone.make_aware(datetime.datetime(2099, 6, 30, 23, 59, 59, 999999))
    assert job.posted_at is None


def test_a_recruiter_posts_jobs_too(client, recruiter):
    client.force_login(recruiter.user)
    client.post(reverse("employer:job_create"), job_data())
    assert Job.objects.get().company == recruiter.company


def test_save_and_publish_publishes_at_once(owner_client):
    owner_client.post(reverse("employer:job_create"), {**job_data(), "publish": "1"})
    job = Job.objects.get()
    assert job.status == JobStatus.PUBLISHED and job.posted_at is not None


def test_publishing_without_a_salary_range_is_refused_on_the_form(owner_client):
    response = owner_client.post(
        reverse("employer:job_create"), {**job_data(salary_min="", salary_max=""), "publish": "1"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["salary_min"] == [
        "Give a salary range to publish: pay transparency is required."
    ]
    assert not Job.objects.exists()  # neither published nor half-saved
    # The same job is fine as a draft.
    owner_client.post(reverse("employer:job_create"), job_data(salary_min="", salary_max=""))
    assert Job.objects.get().status == JobStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"salary_min": "70000", "salary_max": "50000"}, "salary_max", "The maximum must be at least the minimum."),
        ({"expires_at": "2000-01-01"}, "expires_at", "Choose today or a later day."),
        ({"title": ""}, "title", "This field is required."),
        ({"location_type": "moon"}, "location_type", None),
        ({"salary_min": "-5"}, "salary_min", None),
        ({"skills": "x" * 61}, "skills", None),
    ],
)
def test_job_form_errors_name_their_field_and_save_nothing(owner_client, overrides, field, message):
    response = owner_client.post(reverse("employer:job_create"), job_data(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert message is None or errors == [message]
    assert not Job.objects.exists()


def test_editing_a_job(owner_client, employer):
    job = JobFactory(company=employer.company, draft=True)
    page = owner_client.get(job_url("job_edit", job))
    assert page.status_code == 200 and page.context["form"].initial["title"] == job.title
    response = owner_client.post(job_url("job_edit", job), job_data(title="Senior backend developer"))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.title, job.status) == ("Senior backend developer", JobStatus.DRAFT)


def test_a_published_job_cannot_lose_its_salary(owner_client, employer):
    job = JobFactory(company=employer.company)
    response = owner_client.post(job_url("job_edit", job), job_data(salary_min="", salary_max=""))
    assert response.status_code == 400
    assert response.context["form"].errors["salary_min"] == [
        "A published job shows its salary range: give both amounts."
    ]
    assert response.context["job"].status == JobStatus.PUBLISHED
    assert Job.objects.get(pk=job.pk).salary_min == job.salary_min


def test_an_unchanged_past_expiry_does_not_block_editing(owner_client, employer):
    job = JobFactory(company=employer.company, status=JobStatus.CLOSED)
    Job.objects.filter(pk=job.pk).update(
        posted_at=timezone.now() - datetime.timedelta(days=60), expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    job.refresh_from_db()
    day = timezone.localtime(job.expires_at).date().isoformat()
    response = owner_client.post(job_url("job_edit", job), job_data(expires_at=day, title="Renamed"))
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).title == "Renamed"


# --- Preview and status buttons ---------------------------------------------------------------


def test_the_preview_shows_the_job_as_candidates_will_with_a_banner(owner_client, employer):
    job = JobFactory(company=employer.company, draft=True, title="Pastry chef", description="Croissants daily.")
    response = owner_client.get(job_url("job_preview", job))
    assert response.status_code == 200
    assert "Preview — not published" in response.text
    assert "Pastry chef" in response.text and "Croissants daily." in response.text
    assert job_url("job_publish", job) in response.text and job_url("job_delete", job) in response.text
    assert job_url("job_close", job) not in response.text
    # Candidates still cannot see it.
    owner_client.logout()
    assert owner_client.get(job.get_absolute_url()).status_code == 404


def test_the_preview_of_a_published_job_links_to_its_public_page(owner_client, employer):
    job = JobFactory(company=employer.company)
    response = owner_client.get(job_url("job_preview", job))
    assert "Preview — not published" not in response.text
    assert job.get_absolute_url() in response.text and job_url("job_close", job) in response.text


def test_publish_close_reopen_archive(owner_client, employer):
    job = JobFactory(company=employer.company, status=JobStatus.DRAFT, posted_at=None)
    assert owner_client.post(job_url("job_publish", job)).url == job_url("job_preview", job)
    assert Job.objects.get(pk=job.pk).status == JobStatus.PUBLISHED
    owner_client.post(job_url("job_close", job))
    assert Job.objects.get(pk=job.pk).status == JobStatus.CLOSED
    owner_client.post(job_url("job_publish", job))
    assert Job.objects.get(pk=job.pk).status == JobStatus.PUBLISHED
    response = owner_client.post(job_url("job_archive", job), {"from": "list"})
    assert response.url == reverse("employer:job_list")
    assert Job.objects.get(pk=job.pk).status == JobStatus.ARCHIVED


def test_the_publish_button_without_salary_shows_the_form_with_the_error(owner_client, employer):
    job = JobFactory(company=employer.company, draft=True, title="Baker")
    response = owner_client.post(job_url("job_publish", job))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["salary_min"] == ["Give a salary range to publish: pay transparency is required."]
    assert form["title"].value() == "Baker"
    assert f'action="{job_url("job_edit", job)}"' in response.text
    assert Job.objects.get(pk=job.pk).status == JobStatus.DRAFT


def test_an_impossible_move_is_a_message_and_changes_nothing(owner_client, employer):
    job = JobFactory(company=employer.company, status=JobStatus.ARCHIVED)
    response = owner_client.post(job_url("job_publish", job), follow=True)
    assert "A Archived job cannot become Published." in response.text
    assert Job.objects.get(pk=job.pk).status == JobStatus.ARCHIVED


def test_unknown_methods_are_refused(owner_client, employer):
    job = JobFactory(company=employer.company)
    assert owner_client.get(job_url("job_publish", job)).status_code == 405


def test_deleting_a_draft_after_confirmation(owner_client, employer):
    job = JobFactory(company=employer.company, draft=True)
    page = owner_client.get(job_url("job_delete", job))
    assert page.status_code == 200 and "Delete the draft" in page.text
    assert Job.objects.filter(pk=job.pk).exists()
    response = owner_client.post(job_url("job_delete", job))
    assert response.url == reverse("employer:job_list")
    assert not Job.objects.filter(pk=job.pk).exists()


def test_a_published_job_is_not_deleted(owner_client, employer):
    job = JobFactory(company=employer.company)
    response = owner_client.post(job_url("job_delete", job), follow=True)
    assert "Only a draft can be deleted" in response.text
    assert Job.objects.filter(pk=job.pk).exists()


# --- The list -----------------------------------------------------------------------------------


def test_the_job_list_offers_posting_and_each_jobs_buttons_in_fixed_queries(
    owner_client, employer, django_assert_max_num_queries
):
    draft = JobFactory(company=employer.company, draft=True)
    published = JobFactory(company=employer.company)
    JobFactory.create_batch(3, company=employer.company, status=JobStatus.CLOSED)
    JobFactory(title="Someone else's")
    with django_assert_max_num_queries(6):  # session, user, membership, count, the page, unread badge
        response = owner_client.get(reverse("employer:job_list"))
    html = response.text
    assert reverse("employer:job_create") in html
    assert job_url("job_publish", draft) in html and job_url("job_delete", draft) in html
    assert job_url("job_close", published) in html and job_url("job_delete", published) not in html
    assert "Someone else" not in html
