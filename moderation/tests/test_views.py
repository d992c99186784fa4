"""Reporting a job from its page and over the API; the employer told why their job is not public."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from jobs.models import JobModeration
from jobs.tests.factories import JobFactory
from moderation.models import JobReport

pytestmark = pytest.mark.django_db


def report_url(job):
    return reverse("moderation:report_job", args=[job.pk, job.slug])


def test_the_job_page_links_to_the_report_form(client):
    job = JobFactory()
    assert report_url(job) in client.get(job.get_absolute_url()).text


def test_a_guest_reports_through_the_form_with_its_csrf_token():
    job = JobFactory()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(report_url(job))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = browser.post(
        report_url(job), {"reason": "scam", "note": "Wants a fee.", "csrfmiddlewaretoken": token}, follow=True
    )
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert "Thank you: our team will look at this job." in response.text
    report = JobReport.objects.get()
    assert (report.job, report.reporter, report.reason, report.note) == (job, None, "scam", "Wants a fee.")


def test_a_forged_post_without_the_token_is_refused():
    job = JobFactory()
    response = Client(enforce_csrf_checks=True).post(report_url(job), {"reason": "scam"})
    assert response.status_code == 403
    assert not JobReport.objects.exists()


def test_a_report_without_a_reason_shows_the_form_again(client):
    job = JobFactory()
    response = client.post(report_url(job), {"note": "?"})
    assert response.status_code == 400 and response.context["form"].errors["reason"]
    assert not JobReport.objects.exists()


@override_settings(MODERATION_REPORTS_PER_HOUR=1)
def test_too_many_reports_are_refused_on_the_form(client):
    first, second = JobFactory.create_batch(2)
    client.post(report_url(first), {"reason": "spam"})
    response = client.post(report_url(second), {"reason": "spam"})
    assert response.status_code == 429
    assert "You have sent many reports in a short time" in response.text
    assert JobReport.objects.count() == 1


def test_a_signed_in_reporter_is_kept_and_cannot_report_twice(client, candidate):
    job = JobFactory()
    client.force_login(candidate.user)
    client.post(report_url(job), {"reason": "misleading"})
    response = client.post(report_url(job), {"reason": "misleading"})
    assert response.status_code == 409 and "You have already reported this job" in response.text
    assert list(JobReport.objects.values_list("reporter", flat=True)) == [candidate.user.pk]


def test_hidden_and_draft_jobs_have_no_report_page(client):
    for job in (JobFactory(draft=True), JobFactory(moderation=JobModeration.HIDDEN, moderation_note="Scam.")):
        assert client.get(report_url(job)).status_code == 404


# --- API ----------------------------------------------------------------------------------------------


def test_a_guest_reports_over_the_api(client):
    job = JobFactory()
    response = client.post(
        f"/api/v1/jobs/{job.pk}/report/", {"reason": "scam", "note": "Fee."}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json() | {"id": 0, "created_at": ""} == {
        "id": 0,
        "job": job.pk,
        "reason": "scam",
        "note": "Fee.",
        "status": "open",
        "created_at": "",
    }


@override_settings(MODERATION_REPORTS_PER_HOUR=1)
def test_the_api_answers_429_in_the_one_error_shape(client):
    first, second = JobFactory.create_batch(2)
    client.post(f"/api/v1/jobs/{first.pk}/report/", {"reason": "scam"}, content_type="application/json")
    response = client.post(f"/api/v1/jobs/{second.pk}/report/", {"reason": "scam"}, content_type="application/json")
    assert response.status_code == 429 and response.json()["error"]["code"] == "too_many_reports"
    assert JobReport.objects.count() == 1


@pytest.mark.parametrize(("body", "field"), [({"reason": "boring"}, "reason"), ({"note": "x"}, "reason")])
def test_a_bad_report_is_a_400_and_nothing_is_saved(client, body, field):
    job = JobFactory()
    response = client.post(f"/api/v1/jobs/{job.pk}/report/", body, content_type="application/json")
    assert response.status_code == 400 and field in response.json()["error"]["fields"]
    assert not JobReport.objects.exists()


def test_a_job_nobody_may_see_is_a_404_over_the_api(client):
    job = JobFactory(draft=True)
    response = client.post(f"/api/v1/jobs/{job.pk}/report/", {"reason": "scam"}, content_type="application/json")
    assert response.status_code == 404
    assert not JobReport.objects.exists()


# --- The employer is told ---------------------------------------------------------------------------


def test_the_employer_sees_why_their_job_is_not_public(client, employer):
    pending = JobFactory(company=employer.company, moderation=JobModeration.PENDING)
    hidden = JobFactory(company=employer.company, moderation=JobModeration.HIDDEN, moderation_note="Fake address.")
    client.force_login(employer.user)
    listing = client.get(reverse("employer:job_list")).text
    assert "Waiting for approval" in listing and "Hidden by our team" in listing
    assert "usually within a working day" in client.get(reverse("employer:job_preview", args=[pending.pk])).text
    assert "Fake address." in client.get(reverse("employer:job_preview", args=[hidden.pk])).text
    api = client.get(f"/api/v1/employer/jobs/{hidden.pk}/").json()
    assert (api["moderation"], api["moderation_note"]) == ("hidden", "Fake address.")


def test_publishing_a_new_companys_first_job_says_it_waits(client, employer):
    job = JobFactory(company=employer.company, draft=True, salary_min=1, salary_max=2)
    client.force_login(employer.user)
    response = client.post(reverse("employer:job_publish", args=[job.pk]), follow=True)
    assert "waits for approval by our team" in response.text


@pytest.mark.parametrize("pk", ["-1", "abc", "999999"])
def test_a_malformed_or_unknown_id_is_the_apis_json_404(client, pk):
    response = client.post(f"/api/v1/jobs/{pk}/report/", {"reason": "scam"}, content_type="application/json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
