import pytest

from jobs.models import Company, Job, JobStatus
from jobs.tests.factories import JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, employer):
    client.force_login(employer.user)
    return client


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"salary_min": 70000, "salary_max": 50000}, "salary_max"),
        ({"salary_min": None}, "salary_min"),  # a published job shows its pay
        ({"expires_at": "2000-01-01T00:00:00Z"}, "expires_at"),
    ],
)
def test_job_rules_of_the_database_are_field_errors(api, employer, body, field):
    job = JobFactory(company=employer.company)
    response = api.patch(f"/api/v1/employer/jobs/{job.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    refreshed = Job.objects.get(pk=job.pk)
    assert (refreshed.salary_min, refreshed.salary_max, refreshed.expires_at) == (
        job.salary_min,
        job.salary_max,
        job.expires_at,
    )


def test_status_is_not_writable_but_moves_through_actions(api, employer):
    job = JobFactory(company=employer.company, draft=True)
    api.patch(f"/api/v1/employer/jobs/{job.pk}/", {"status": "published"}, content_type="application/json")
    assert Job.objects.get(pk=job.pk).status == JobStatus.DRAFT
    response = api.post(f"/api/v1/employer/jobs/{job.pk}/close/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


def test_only_drafts_are_deleted(api, employer):
    job = JobFactory(company=employer.company)
    response = api.delete(f"/api/v1/employer/jobs/{job.pk}/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "job_not_draft"
    assert Job.objects.filter(pk=job.pk).exists()


def test_a_recruiter_reads_but_cannot_change_the_company(client, employer):
    recruiter = MembershipFactory(company=employer.company, role="recruiter")
    client.force_login(recruiter.user)
    assert client.get("/api/v1/employer/company/").json()["my_role"] == "recruiter"
    response = client.patch("/api/v1/employer/company/", {"name": "Mine"}, content_type="application/json")
    assert response.status_code == 403
    assert Company.objects.get(pk=employer.company_id).name == employer.company.name


def test_an_employer_without_a_company_cannot_post_jobs(client, user):
    user.role = "employer"
    user.save()
    client.force_login(user)
    response = client.post(
        "/api/v1/employer/jobs/", {"title": "X", "description": "Y"}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "no_company"


def test_job_list_costs_a_fixed_number_of_queries(api, employer, django_assert_num_queries):
    JobFactory.create_batch(3, company=employer.company)
    JobFactory()  # another company's
    with django_assert_num_queries(3):  # session, user, the page
        page = api.get("/api/v1/employer/jobs/?page_size=2").json()
    assert len(page["results"]) == 2
    assert len(api.get(page["next"]).json()["results"]) == 1


def test_a_member_cannot_create_a_second_company(api):
    response = api.post("/api/v1/employer/company/", {"name": "Second"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_member"
    assert not Company.objects.filter(name="Second").exists()
