import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.api.search import PublicRateThrottle
from jobs.models import Job
from jobs.models.search_query import JobSearch
from jobs.search import refresh_search_words
from jobs.tests.factories import ApplicationFactory, CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_search_is_public_and_paginated_by_cursor(client, django_assert_max_num_queries):
    for hour in range(25):
        JobFactory(title="Welder", posted_at=timezone.now() - datetime.timedelta(hours=hour + 1))
    with django_assert_max_num_queries(8):
        first = client.get("/api/v1/jobs/?q=welder").json()
    assert len(first["results"]) == 20
    assert first["results"][0]["company"]["name"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    # The same page from the cache, asked through another host name: its link is on SITE_URL all the same.
    with django_assert_max_num_queries(0):
        cached = client.get("/api/v1/jobs/?q=welder", headers={"host": "127.0.0.1"}).json()
    assert cached["results"] == first["results"]
    assert cached["next"] == first["next"]
    # Parameters the search does not read (tracking ids) are answered from the same entry.
    with django_assert_max_num_queries(0):
        tracked = client.get("/api/v1/jobs/?q=welder&utm_source=newsletter").json()
    assert tracked["results"] == first["results"]
    ids = [job["id"] for job in first["results"] + second["results"]]
    assert len(set(ids)) == 25


def test_same_filters_as_the_page(client):
    JobFactory(title="Nurse", location="Lyon", job_type="part_time")
    JobFactory(title="Nurse", location="Paris", job_type="full_time")
    results = client.get("/api/v1/jobs/?q=nurse&location=lyon&job_type=part_time").json()["results"]
    assert [job["location"] for job in results] == ["Lyon"]


def test_ordering_by_salary(client):
    JobFactory(title="Cook", salary_min=20_000, salary_max=30_000)
    JobFactory(title="Chef", salary_min=40_000, salary_max=60_000)
    results = client.get("/api/v1/jobs/?ordering=salary").json()["results"]
    assert [job["title"] for job in results] == ["Chef", "Cook"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("ordering=evil", "ordering"), ("cursor=garbage", "cursor"), ("salary_min=abc", "salary_min")],
)
def test_bad_parameters_are_400_with_the_field(client, query, field):
    response = client.get(f"/api/v1/jobs/?{query}")
    assert response.status_code == 400
    assert field in str(response.json())


@pytest.mark.parametrize("q", ['"&|!():*<>\\', "x" * 1000, "🚀", "'; DROP TABLE jobs_job; --"])
def test_hostile_queries_are_answered(client, q):
    JobFactory()
    assert client.get("/api/v1/jobs/", {"q": q}).status_code == 200


def test_detail_and_has_applied(client, candidate):
    application = ApplicationFactory(candidate=candidate)
    client.force_login(candidate.user)
    data = client.get(f"/api/v1/jobs/{application.job.pk}/").json()
    assert data["has_applied"] is True and data["description"]
    assert Job.objects.get(pk=application.job.pk).view_count == 1


def test_unpublished_jobs_are_404(client):
    assert client.get(f"/api/v1/jobs/{JobFactory(draft=True).pk}/").status_code == 404
    for url in ["/api/v1/jobs/abc/", "/api/v1/jobs/%C2%B2/", "/api/v1/companies/no.such%20company/"]:
        response = client.get(url)
        assert (response.status_code, response["Content-Type"]) == (404, "application/json"), url


def test_company_with_its_open_jobs(client, django_assert_max_num_queries):
    company = CompanyFactory(name="Acme", slug="acme")
    JobFactory.create_batch(2, company=company)
    JobFactory(company=company, status="closed")
    with django_assert_max_num_queries(3):
        data = client.get("/api/v1/companies/acme/").json()
    assert data["name"] == "Acme" and len(data["open_jobs"]) == 2
    assert client.get("/api/v1/companies/nope/").status_code == 404


def test_writes_are_not_allowed(client):
    job = JobFactory()
    assert client.post("/api/v1/jobs/", {"title": "x"}).status_code in {401, 403, 405}
    assert client.delete(f"/api/v1/jobs/{job.pk}/").status_code in {401, 403, 405}
    assert Job.objects.filter(pk=job.pk).exists()


def test_query_count_does_not_grow_with_the_results(client):
    def queries_for(count):
        Job.objects.all().delete()
        JobFactory.create_batch(count, title="Nurse")
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            results = client.get("/api/v1/jobs/", {"q": "nurse"}).json()["results"]
        assert len(results) == min(count, 20)
        return len(captured)

    assert queries_for(25) == queries_for(50)


def test_corrected_typos_are_reported(client):
    JobFactory(title="Python Developer")
    refresh_search_words()
    data = client.get("/api/v1/jobs/", {"q": "pyhton devloper"}).json()
    assert (data["fuzzy"], data["corrected_query"]) == (True, "python developer")
    assert [job["title"] for job in data["results"]] == ["Python Developer"]


def test_anonymous_callers_are_rate_limited_per_address(client, monkeypatch):
    monkeypatch.setattr(PublicRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "5/min"})
    JobFactory()
    statuses = [client.get("/api/v1/jobs/", REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/jobs/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_cursor_of_another_ordering_is_refused(client):
    for hour in range(3):
        JobFactory(title="Welder", posted_at=timezone.now() - datetime.timedelta(hours=hour + 1))
    cursor = JobSearch(Job.objects.published(), "welder", "salary").after(None, per_page=1).next_cursor
    response = client.get("/api/v1/jobs/", {"q": "welder", "ordering": "newest", "cursor": cursor})
    assert response.status_code == 400 and "cursor" in response.json()["error"]["fields"]
