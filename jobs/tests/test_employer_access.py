"""Who may open the employer's pages (jobs/views/membership.py and the role checks): visitors
sign in, candidates get a 403, another company's rows are a 404, nothing changes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from jobs.models import Company, CompanyInvitation, Job, JobStatus
from jobs.tests.factories import CompanyFactory, JobFactory, MembershipFactory
from jobs.tests.helpers import job_data, job_url

pytestmark = pytest.mark.django_db


# --- Who may open what ------------------------------------------------------------------------

JOB_PAGES = [
    ("get", "job_edit"),
    ("get", "job_preview"),
    ("get", "job_delete"),
    ("post", "job_edit"),
    ("post", "job_publish"),
    ("post", "job_close"),
    ("post", "job_archive"),
    ("post", "job_delete"),
]
COMPANY_PAGES = [
    ("get", "home"),
    ("get", "job_list"),
    ("get", "job_create"),
    ("post", "job_create"),
    ("get", "company"),
    ("post", "company"),
    ("get", "company_create"),
    ("post", "company_create"),
    ("get", "company_edit"),
    ("post", "company_edit"),
    ("get", "company_logo"),
]


@pytest.mark.parametrize(("method", "name"), JOB_PAGES)
def test_job_pages_deny_visitors_candidates_and_other_companies(client, employer, candidate, method, name):
    job = JobFactory(company=employer.company, draft=True)
    url = job_url(name, job)
    data = job_data(title="Hijacked") if method == "post" else None

    response = getattr(client, method)(url, data)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))

    client.force_login(candidate.user)
    assert getattr(client, method)(url, data).status_code == 403

    client.force_login(MembershipFactory().user)
    assert getattr(client, method)(url, data).status_code == 404

    client.force_login(UserFactory(role=Role.EMPLOYER))  # no company at all
    assert getattr(client, method)(url, data).status_code == 404

    unchanged = Job.objects.get(pk=job.pk)
    assert (unchanged.title, unchanged.status) == (job.title, JobStatus.DRAFT)


@pytest.mark.parametrize(("method", "name"), COMPANY_PAGES)
def test_company_pages_deny_visitors_and_candidates(client, candidate, method, name):
    url = reverse(f"employer:{name}")
    response = getattr(client, method)(url, {"name": "Mine", "email": "x@example.com"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(candidate.user)
    assert getattr(client, method)(url, {"name": "Mine", "email": "x@example.com"}).status_code == 403
    assert not Company.objects.filter(name="Mine").exists()
    assert not CompanyInvitation.objects.exists()


@pytest.mark.parametrize("name", ["home", "job_list", "job_create", "company", "company_edit"])
def test_an_employer_without_a_company_is_shown_how_to_get_one(client, newcomer, name):
    invitation = CompanyInvitation.objects.create(
        company=CompanyFactory(name="Acme"), email="NEWCOMER@example.com", token="tok-1"
    )
    CompanyInvitation.objects.create(company=CompanyFactory(name="Used"), email=newcomer.email, token="tok-2")
    CompanyInvitation.objects.filter(token="tok-2").update(accepted_at=timezone.now())
    client.force_login(newcomer)
    response = client.get(reverse(f"employer:{name}"))
    assert response.status_code == 200
    assert reverse("employer:company_create") in response.text
    assert list(response.context["invitations"]) == [invitation]
    assert reverse("employer:invitation_accept", args=["tok-1"]) in response.text
    assert "Used" not in response.text
