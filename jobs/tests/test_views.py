import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.tests.factories import SavedJobFactory
from jobs import services
from jobs.models import Job
from jobs.search import refresh_search_words
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


def test_a_cached_search_costs_no_query_for_anonymous_visitors(client, django_assert_num_queries):
    JobFactory.create_batch(2, title="Baker")
    client.get("/jobs/?q=baker")
    with django_assert_num_queries(0):  # the rendered list comes from the cache
        response = client.get("/jobs/?q=baker")
    assert response.content.decode().count('class="card job-card') == 2


def test_tracking_parameters_neither_split_the_cache_nor_follow_the_links(client, django_assert_num_queries):
    for hour in range(21):
        JobFactory(title="Welder", posted_at=timezone.now() - datetime.timedelta(hours=hour + 1))
    client.get("/jobs/?q=welder&fbclid=first-visitor")
    with django_assert_num_queries(0):
        html = client.get("/jobs/?q=welder&utm_source=newsletter").content.decode()
    results = re.search(r'<div id="results".*?</section>', html, re.S)[0]
    assert "?q=welder&amp;page=2" in results
    assert "first-visitor" not in results and "newsletter" not in results


def test_publishing_a_job_refreshes_cached_searches(client, django_capture_on_commit_callbacks):
    JobFactory(title="Baker")
    assert "1 job" in client.get("/jobs/?q=baker").content.decode()
    draft = JobFactory(title="Second Baker", draft=True, salary_min=1, salary_max=2, company__is_trusted=True)
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


def test_a_search_typed_on_the_plain_list_is_ranked_by_relevance(client):
    JobFactory(title="Baker", posted_at=timezone.now() - datetime.timedelta(days=5))
    JobFactory(title="Cook", description="Help our baker.", posted_at=timezone.now() - datetime.timedelta(days=1))
    # The list without words is newest first, but its form sends no sort of its own...
    plain_list = client.get("/jobs/").content.decode()
    assert '<option value="" selected>' in plain_list
    # Nor a posting date: every select starts blank ("any"), or a search would narrow itself.
    search_form = re.search(r'<form[^>]*id="job-search".*?</form>', plain_list, re.S)[0]
    selects = re.findall(r"<select[^>]*>\s*<option([^>]*)>", search_form)
    assert len(selects) == 4 and set(selects) == {' value=""', ' value="" selected'}
    # ...so the words typed next are ranked: the title match first, though older.
    html = client.get("/jobs/?q=baker&sort=").content.decode()
    assert html.index(">Baker</a>") < html.index(">Cook</a>")
    assert '<option value="" selected>' in html
    html = client.get("/jobs/?q=baker&sort=newest").content.decode()
    assert html.index(">Cook</a>") < html.index(">Baker</a>")
    assert '<option value="newest" selected>' in html


def test_htmx_requests_get_only_the_results(client):
    JobFactory(title="Baker")
    response = client.get("/jobs/?q=baker", headers={"HX-Request": "true"})
    assert b'id="results"' in response.content and b"<html" not in response.content
    assert "HX-Request" in response["Vary"]
    # The filters' counts follow the new results (swapped out of band), not the previous search.
    facets = re.search(rb'<div id="facet-filters" hx-swap-oob="true">.*?</div>\s*</div>', response.content, re.S)
    assert b'<option value="full_time">' in facets[0] and b"(1)" in facets[0]
    # Restoring a page missing from htmx's history cache is an htmx request too: the whole page.
    restored = client.get("/jobs/?q=baker", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in restored.content and b'id="results"' in restored.content


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


@pytest.mark.parametrize("status", ["published", "closed"])
def test_job_detail_has_the_htmx_save_button_for_candidates(client, candidate, status):
    saved, other = JobFactory.create_batch(2, status=status)
    SavedJobFactory(candidate=candidate, job=saved)
    client.force_login(candidate.user)
    for job, pressed, label in [(saved, "true", "★ Saved"), (other, "false", "☆ Save")]:
        html = client.get(job.get_absolute_url()).content.decode()
        save_url = f"{job.get_absolute_url()}save/"
        assert html.count(f'hx-post="{save_url}"') == 1 and f'action="{save_url}"' in html
        assert f'aria-pressed="{pressed}"' in html and label in html
    # Toggling from the job page answers with the button alone.
    response = client.post(f"{other.get_absolute_url()}save/", headers={"HX-Request": "true"})
    assert 'aria-pressed="true"' in response.content.decode() and "<html" not in response.content.decode()


def test_job_detail_has_no_save_button_for_visitors_and_employers(client, employer):
    job = JobFactory()
    assert "save/" not in client.get(job.get_absolute_url()).content.decode()
    client.force_login(employer.user)
    assert "save/" not in client.get(job.get_absolute_url()).content.decode()


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


def test_the_sitemap_index_reads_no_job_row(client):
    JobFactory(title="Open role")
    newest = JobFactory(title="Newer role")
    with CaptureQueriesContext(connection) as queries:
        index = client.get("/sitemap.xml")
    # The index's date comes from one MAX(), not from loading every job (Django's default).
    assert f"<lastmod>{newest.updated_at.isoformat()}</lastmod>" in index.content.decode()
    assert not [query for query in queries.captured_queries if '"jobs_job"."slug"' in query["sql"]]


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-jobs.xml",
        "/jobs/feed/",
        "/jobs/feed.json",
        "/companies/{company}/jobs.json",
        "/companies/{company}/jobs/feed/",
    ],
)
def test_sitemaps_and_feed_are_served_from_the_cache_until_a_job_changes(
    client, url, django_assert_num_queries, django_capture_on_commit_callbacks
):
    job = JobFactory(title="Open role")
    url = url.format(company=job.company.slug)
    first = client.get(url)
    assert job.get_absolute_url() in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(f"{url}?utm_source=x")
    assert (again.content, again["Content-Type"]) == (first.content, first["Content-Type"])
    assert again.get("X-Robots-Tag") == first.get("X-Robots-Tag")
    with django_capture_on_commit_callbacks(execute=True):
        services.job_close(job=job)
    assert job.get_absolute_url() not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("job_type=contract", {"Contract nurse"}),
        ("location_type=remote", {"Remote nurse"}),
        ("location=lyo", {"Lyon nurse"}),
        ("salary_min=80000", {"Rich nurse"}),
        ("company=acme", {"Acme nurse"}),
        ("posted_within=7", {"Contract nurse", "Remote nurse", "Lyon nurse", "Rich nurse", "Acme nurse"}),
    ],
)
def test_every_filter_narrows_the_list(client, query, expected):
    now = timezone.now()
    JobFactory(title="Contract nurse", job_type="contract", location="Paris", salary_min=20_000, salary_max=30_000)
    JobFactory(title="Remote nurse", location_type="remote", location="Paris", salary_min=20_000, salary_max=30_000)
    JobFactory(title="Lyon nurse", location="Lyon", salary_min=20_000, salary_max=30_000)
    JobFactory(title="Rich nurse", location="Paris", salary_min=60_000, salary_max=90_000)
    JobFactory(
        title="Acme nurse", company=CompanyFactory(slug="acme"), location="Paris", salary_min=20_000, salary_max=30_000
    )
    JobFactory(
        title="Old nurse",
        location="Paris",
        salary_min=20_000,
        salary_max=30_000,
        posted_at=now - datetime.timedelta(days=20),
    )
    html = client.get(f"/jobs/?q=nurse&{query}").content.decode()
    assert set(re.findall(r'href="/jobs/\d+-[\w-]+/">([^<]+)</a>', html)) == expected


@pytest.mark.parametrize(("q", "most"), [("", 4), ("nurse", 10)])
def test_query_count_does_not_grow_with_the_results(client, q, most):
    def queries_for(count):
        Job.objects.all().delete()
        JobFactory.create_batch(count, title="Nurse")
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/jobs/", {"q": q}).content.decode()
        assert html.count('class="card job-card') == min(count, 20)
        return len(captured)

    # A page that one tier fills costs the same whatever the number of results; a short
    # list reads the later tiers too and counts its facets, at most `most` queries in all.
    assert queries_for(25) == queries_for(50)
    assert queries_for(10) <= most


def test_cards_show_the_candidates_own_state(client, candidate, django_assert_max_num_queries):
    applied, saved, other = JobFactory.create_batch(3, title="Baker")
    ApplicationFactory(candidate=candidate, job=applied)
    SavedJobFactory(candidate=candidate, job=saved)
    client.force_login(candidate.user)
    client.get("/jobs/?q=baker")
    # Cached ids: session, user, the jobs by id, applied ids, saved ids (+ profile lookups).
    with django_assert_max_num_queries(6):
        html = client.get("/jobs/?q=baker").content.decode()
    assert html.count("You applied") == 1
    assert html.count(f'action="{saved.get_absolute_url()}save/"') == 1
    assert html.count('aria-pressed="true"') == 1  # the saved one
    assert html.count(f'href="{other.get_absolute_url()}apply/"') == 1
    assert f'href="{applied.get_absolute_url()}apply/"' not in html


def test_anonymous_cards_invite_to_sign_in(client):
    job = JobFactory(title="Baker")
    html = client.get("/jobs/?q=baker").content.decode()
    assert f"/accounts/login/?next={job.get_absolute_url()}" in html
    assert "apply/" not in html and "save/" not in html


def test_closing_a_job_removes_it_from_cached_searches(client, django_capture_on_commit_callbacks):
    job = JobFactory(title="Baker")
    assert "1 job" in client.get("/jobs/?q=baker").content.decode()
    assert len(client.get("/api/v1/jobs/?q=baker").json()["results"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.job_close(job=job)
    assert "No jobs match this search" in client.get("/jobs/?q=baker").content.decode()
    assert client.get("/api/v1/jobs/?q=baker").json()["results"] == []


def test_json_ld_cannot_break_out_of_its_script_element(client):
    title = "Chef </script><script>alert(1)</script> & <!-- co"
    job = JobFactory(title=title)
    content = client.get(job.get_absolute_url()).content
    assert b"</script><script>alert(1)" not in content
    raw = re.search(rb'<script type="application/ld\+json" id="job-posting">(.*?)</script>', content, re.S)[1]
    assert json.loads(raw)["title"] == title


def test_a_corrected_typo_is_shown(client):
    JobFactory(title="Python Developer")
    refresh_search_words()
    html = client.get("/jobs/?q=pyhton").content.decode()
    assert "showing results for “python”" in html and "Python Developer" in html


def test_location_is_matched_literally_and_case_insensitively(client):
    JobFactory(title="Nurse", location="Lyon 3e")
    JobFactory(title="Nurse", location="100% remote_team")
    assert client.get("/jobs/?location=LYON").content.decode().count('class="card job-card') == 1
    assert client.get("/jobs/?location=100%25").content.decode().count('class="card job-card') == 1
    assert client.get("/jobs/?location=_").content.decode().count('class="card job-card') == 1
