import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from jobs import services
from jobs.models import Job
from jobs.tests.factories import ApplicationFactory, CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_job_list_shows_results_with_their_details(client, django_assert_max_num_queries):
    JobFactory.create_batch(3, title="Python Developer", location="Lyon", salary_min=45_000, salary_max=60_000)
    # A first search (cache miss): words check, typo check, 3 tier counts, the page, 2 facet counts.
    with django_assert_max_num_queries(10):
        response = client.get("/jobs/?q=python")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card job-card') == 3
    assert "Lyon" in html and "45,000–60,000 EUR" in html
    assert "3 jobs" in html


def test_a_cached_search_costs_one_query(client, django_assert_max_num_queries):
    JobFactory.create_batch(2, title="Baker")
    client.get("/jobs/?q=baker")
    with django_assert_max_num_queries(1):  # the jobs of the page, by id
        response = client.get("/jobs/?q=baker")
    assert response.content.decode().count('class="card job-card') == 2


def test_publishing_a_job_refreshes_cached_searches(client, django_capture_on_commit_callbacks):
    JobFactory(title="Baker")
    assert "1 job" in client.get("/jobs/?q=baker").content.decode()
    draft = JobFactory(title="Second Baker", draft=True, salary_min=1, salary_max=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.job_publish(job=draft)
    assert "2 jobs" in client.get("/jobs/?q=baker").content.decode()


def test_filters_are_kept_in_the_url_and_applied(client):
    JobFactory(
        title="Nurse",
        location="Lyon",
        location_type="remote",
        job_type="part_time",
        salary_min=20_000,
        salary_max=30_000,
    )
    JobFactory(title="Nurse", location="Paris", location_type="on_site", job_type="full_time", salary_max=50_000)
    html = client.get("/jobs/?q=nurse&location=lyo&location_type=remote").content.decode()
    assert html.count('class="card job-card') == 1 and "Lyon" in html
    assert 'value="lyo"' in html  # the form shows the search it ran
    assert client.get("/jobs/?salary_min=40000").content.decode().count('class="card job-card') == 1


def test_facet_counts_for_small_results(client):
    JobFactory(title="Nurse", job_type="part_time")
    JobFactory(title="Nurse", job_type="full_time")
    JobFactory(title="Nurse", job_type="full_time")
    html = client.get("/jobs/?q=nurse").content.decode()
    assert "Full-time (2)" in html and "Part-time (1)" in html and "Contract (0)" in html


def test_bad_filter_values_are_a_normal_page(client):
    JobFactory()
    for query in ["salary_min=abc", "posted_within=999", "location_type=moon", "page=-3", "page=x", "sort=evil"]:
        assert client.get(f"/jobs/?{query}").status_code == 200


def test_empty_state_suggests_what_to_change(client):
    html = client.get("/jobs/?q=zzzzzzzzzz").content.decode()
    assert "No jobs match this search" in html


def test_pagination_links_keep_the_search(client):
    for day in range(25):
        JobFactory(title="Welder", posted_at=timezone.now() - datetime.timedelta(hours=day))
    html = client.get("/jobs/?q=welder").content.decode()
    assert "q=welder&amp;page=2" in html
    second = client.get("/jobs/?q=welder&page=2").content.decode()
    assert second.count('class="card job-card') == 5


def test_htmx_requests_get_only_the_results(client):
    JobFactory(title="Baker")
    response = client.get("/jobs/?q=baker", headers={"HX-Request": "true"})
    assert b'id="results"' in response.content and b"<html" not in response.content


def test_job_detail_with_json_ld_and_a_view_counted(client, django_assert_max_num_queries):
    job = JobFactory(title="Python Developer", salary_min=50_000, salary_max=60_000)
    with django_assert_max_num_queries(4):
        response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    data = json.loads(
        re.search(rb'<script type="application/ld\+json" id="job-posting">(.*?)</script>', response.content, re.S)[1]
    )
    assert data["@type"] == "JobPosting" and data["title"] == "Python Developer"
    assert data["baseSalary"]["value"]["minValue"] == 50_000
    assert Job.objects.get(pk=job.pk).view_count == 1
    assert b"Sign in to apply" in response.content


def test_job_detail_knows_the_candidate_applied_with_one_exists(client, candidate, django_assert_max_num_queries):
    application = ApplicationFactory(candidate=candidate)
    client.force_login(candidate.user)
    with django_assert_max_num_queries(6):
        response = client.get(application.job.get_absolute_url())
    assert b"You applied to this job." in response.content


@pytest.mark.parametrize("state", [{"draft": True}, {"status": "archived"}])
def test_unpublished_jobs_are_not_found(client, state):
    job = JobFactory(**state)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_wrong_slug_is_not_found(client):
    job = JobFactory()
    assert client.get(f"/jobs/{job.pk}-other-slug/").status_code == 404


def test_closed_job_stays_readable_without_apply(client):
    job = JobFactory(status="closed")
    response = client.get(job.get_absolute_url())
    assert b"no longer accepting applications" in response.content
    assert b"job-posting" not in response.content


def test_company_page_lists_only_its_open_jobs(client, django_assert_max_num_queries):
    company = CompanyFactory(name="Acme")
    JobFactory.create_batch(2, company=company, title="Open role")
    JobFactory(company=company, title="Old role", status="closed")
    with django_assert_max_num_queries(3):
        html = client.get(company.get_absolute_url()).content.decode()
    assert html.count("Open role") == 2 and "Old role" not in html


def test_feed_and_sitemap_list_only_open_jobs(client):
    open_job = JobFactory(title="Open role")
    JobFactory(title="Draft role", draft=True)
    JobFactory(
        title="Expired role",
        posted_at=timezone.now() - datetime.timedelta(days=40),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    feed = client.get("/jobs/feed/").content.decode()
    assert "Open role" in feed and "Draft role" not in feed and "Expired role" not in feed
    sitemap = client.get("/sitemap-jobs.xml").content.decode()
    assert open_job.get_absolute_url() in sitemap
    assert sitemap.count("<url>") == 1
    assert client.get("/sitemap.xml").status_code == 200
