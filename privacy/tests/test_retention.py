"""Retention: each company keeps rejected and withdrawn applications for its own number of
months; a nightly job anonymises older ones in batches; the apply page says so."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from intowork.tests.helpers import violates
from jobs.models import Application, ApplicationStatus
from jobs.services import applications_anonymise_expired
from jobs.tests.factories import ApplicationFactory, CompanyFactory, JobFactory, MembershipFactory
from privacy.tasks import anonymise_expired_applications

pytestmark = pytest.mark.django_db


def ended(job, status, months_ago):
    application = ApplicationFactory(job=job, status=status)
    Application.objects.filter(pk=application.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=31 * months_ago)
    )
    return application


def test_the_nightly_job_anonymises_ended_applications_past_their_companys_period():
    strict, lenient = JobFactory(company=CompanyFactory(retention_months=1)), JobFactory(company=CompanyFactory())
    due = [ended(strict, ApplicationStatus.REJECTED, 2), ended(strict, ApplicationStatus.WITHDRAWN, 2)]
    kept = [
        ended(strict, ApplicationStatus.INTERVIEW, 24),  # still in the pipeline
        ended(strict, ApplicationStatus.REJECTED, 0),  # too recent
        ended(lenient, ApplicationStatus.REJECTED, 6),  # the default is 12 months
    ]
    assert applications_anonymise_expired(batch_size=1) == 2  # two batches
    for application in due:
        application.refresh_from_db()
        assert application.candidate_id is None and application.anonymised_at is not None
    assert all(Application.objects.get(pk=a.pk).candidate_id == a.candidate_id for a in kept)
    assert AuditEvent.objects.filter(action=AuditAction.APPLICATION_ANONYMISED, company=strict.company).count() == 2
    assert anonymise_expired_applications.call() == 0  # idempotent: nothing left to do


def test_the_period_is_between_one_and_sixty_months():
    with violates("jobs_company_retention_months_range_check"):
        CompanyFactory(retention_months=0)
    with violates("jobs_company_retention_months_range_check"):
        CompanyFactory(retention_months=61)


def test_the_owner_sets_it_over_the_api_with_a_clear_refusal(client):
    owner = MembershipFactory()
    client.force_login(owner.user)
    refused = client.patch("/api/v1/employer/company/", {"retention_months": 99}, content_type="application/json")
    assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["retention_months"]
    response = client.patch("/api/v1/employer/company/", {"retention_months": 6}, content_type="application/json")
    assert response.status_code == 200 and response.json()["retention_months"] == 6


def test_the_apply_page_tells_the_candidate_the_rule(client, candidate):
    job = JobFactory(company=CompanyFactory(name="Acme", retention_months=6))
    client.force_login(candidate.user)
    html = client.get(f"{job.get_absolute_url()}apply/").text
    assert "If your application is rejected or withdrawn, Acme keeps it for 6 months" in html


def test_the_owner_sets_it_on_the_company_page(client):
    owner = MembershipFactory()
    client.force_login(owner.user)
    url = reverse("employer:company_edit")
    refused = client.post(url, {"name": owner.company.name, "retention_months": 0})
    assert "Keep ended applications between 1 and 60 months." in refused.text
    client.post(url, {"name": owner.company.name, "retention_months": 3})
    owner.company.refresh_from_db()
    assert owner.company.retention_months == 3
