"""Feeds per search (Atom, JSON Feed) list what the search's page lists; company boards list a
company's open jobs."""

import datetime
import re

import pytest
from django.utils import timezone

from jobs.models import JobStatus, JobType
from jobs.tests.factories import CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db

SEARCHES = ["", "q=python", "q=python&location=Lyon", "q=developer&sort=newest", "job_type=contract", "q=-python"]


@pytest.fixture
def jobs():
    now = timezone.now()
    for n in range(25):
        JobFactory(
            title=f"Python developer {n}" if n % 2 else f"Developer {n}",
            skills=["Python"] if n % 2 else ["Go"],
            requirements="",
            location="Lyon" if n % 3 else "Paris",
            job_type=JobType.CONTRACT if n % 4 == 0 else JobType.FULL_TIME,
            posted_at=now - datetime.timedelta(hours=n),
        )
    JobFactory(title="Python closed", status=JobStatus.CLOSED)


def page_job_urls(client, query: str) -> list[str]:
    html = client.get(f"/jobs/?{query}").content.decode()
    return re.findall(r'<h2 class="h5 mb-1" id="job-\d+-title"><a href="([^"]+)"', html)


@pytest.mark.parametrize("query", SEARCHES)
def test_the_feeds_of_a_search_list_the_jobs_of_its_page_in_its_order(client, jobs, query):
    expected = page_job_urls(client, query)
    assert expected  # each search finds something
    atom = client.get(f"/jobs/feed/?{query}")
    assert atom["Content-Type"].startswith("application/atom+xml")
    atom_urls = re.findall(r'<link href="https?://[^/]+(/jobs/\d+-[^"]+)" rel="alternate"', atom.content.decode())
    assert atom_urls == expected
    feed = client.get(f"/jobs/feed.json?{query}")
    assert feed["Content-Type"] == "application/feed+json"
    body = feed.json()
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["url"].split("://", 1)[1].split("/", 1)[1] for item in body["items"]] == [
        url.lstrip("/") for url in expected
    ]


def test_a_feed_of_a_search_the_page_rejects_is_empty_not_an_error(client, jobs):
    response = client.get("/jobs/feed.json?job_type=astronaut")
    assert response.status_code == 200 and response.json()["items"] == []


def test_a_company_board_lists_its_open_jobs_only(client, django_assert_max_num_queries):
    company = CompanyFactory(name="Acme")
    JobFactory.create_batch(2, company=company, title="Open role")
    JobFactory(company=company, title="Closed role", status=JobStatus.CLOSED)
    JobFactory(company=company, title="Draft role", draft=True)
    JobFactory(title="Someone else's")
    with django_assert_max_num_queries(3):
        board = client.get(f"/companies/{company.slug}/jobs.json").json()
    assert board["company"]["name"] == "Acme"
    assert [job["title"] for job in board["jobs"]] == ["Open role", "Open role"]
    feed = client.get(f"/companies/{company.slug}/jobs/feed/").content.decode()
    assert feed.count("<entry>") == 2 and "Closed role" not in feed and "Someone else" not in feed


def test_an_unknown_company_has_no_board(client):
    assert client.get("/companies/nobody/jobs.json").status_code == 404
    assert client.get("/companies/nobody/jobs/feed/").status_code == 404
