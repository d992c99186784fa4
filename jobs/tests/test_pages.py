"""Issue 17 on the public side: search-as-you-type, the phone-first search page's filters,
the result card, and company logos shown publicly (page, cards, JSON-LD)."""

import json
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from rest_framework.throttling import ScopedRateThrottle

from candidates.tests.factories import SavedJobFactory
from jobs.search import refresh_search_words
from jobs.tests.factories import ApplicationFactory, CompanyFactory, JobFactory
from jobs.tests.helpers import png

pytestmark = pytest.mark.django_db


# --- Suggestions ------------------------------------------------------------------------------------


@pytest.fixture
def vocabulary():
    # Named companies: the factory's "Company <n>" would put numbers in the vocabulary that
    # a query such as "100%_" resembles, depending on how many companies ran before.
    JobFactory(title="Python developer", skills=["Python", "Django"], company=CompanyFactory(name="Pythonistas"))
    JobFactory(title="Senior Python engineer", skills=["python"], company=CompanyFactory(name="Northwind"))
    JobFactory(title="Pastry chef", skills=["Pastry"], company=CompanyFactory(name="Bakehouse"))
    JobFactory(title="Python draft", status="draft", draft=True, company=CompanyFactory(name="Drafthouse"))
    refresh_search_words()


def suggestions(client, q, **extra):
    response = client.get("/api/v1/jobs/suggestions/", {"q": q}, **extra)
    assert response.status_code == 200, response.content
    return [(row["kind"], row["text"]) for row in response.json()["suggestions"]]


def test_titles_companies_and_skills_of_published_jobs_those_starting_with_it_first(client, vocabulary):
    assert suggestions(client, "pyth") == [
        ("skill", "Python"),  # "Python" and "python": one skill, used by two jobs
        ("title", "Python developer"),
        ("company", "Pythonistas"),
        ("title", "Senior Python engineer"),
    ]


def test_a_misspelling_still_suggests_and_too_little_typed_suggests_nothing(client, vocabulary):
    assert ("title", "Python developer") in suggestions(client, "pyhton")
    assert suggestions(client, "p") == []
    assert suggestions(client, "100%_") == []  # LIKE's wildcards are text


def test_suggestions_are_cached_for_everyone(client, vocabulary, django_assert_num_queries):
    suggestions(client, "past")
    response = None
    with django_assert_num_queries(0):
        response = client.get("/api/v1/jobs/suggestions/", {"q": "PAST"})
    assert response.json()["suggestions"] == [
        {"kind": "skill", "text": "Pastry"},
        {"kind": "title", "text": "Pastry chef"},
    ]
    assert response["Cache-Control"] == "public, max-age=300"


def test_suggestions_are_rate_limited_per_caller(client, vocabulary, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"suggestions": "2/min"})
    statuses = [client.get("/api/v1/jobs/suggestions/?q=py", REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/jobs/suggestions/?q=py", REMOTE_ADDR="10.0.0.2").status_code == 200


# --- The search page -------------------------------------------------------------------------------


def test_filters_open_in_a_panel_whose_button_counts_those_on(client):
    JobFactory(title="Baker", job_type="part_time", location="Lyon")
    html = client.get("/jobs/", {"q": "baker", "job_type": "part_time", "location": "Lyon", "sort": "newest"}).text
    assert 'class="offcanvas-lg offcanvas-start" tabindex="-1" id="filters"' in html
    assert '<span id="filter-count"><span class="badge rounded-pill text-bg-primary ms-1">2<' in html
    assert 'href="/jobs/?q=baker&amp;sort=newest">Clear filters</a>' in html
    assert 'role="combobox"' in html and 'aria-controls="q-suggestions"' in html


def test_htmx_swaps_the_count_with_the_results(client):
    JobFactory(title="Baker", job_type="part_time")
    fragment = client.get("/jobs/", {"job_type": "part_time"}, headers={"HX-Request": "true"}).text
    assert '<span id="filter-count" hx-swap-oob="true">' in fragment
    none_on = client.get("/jobs/", headers={"HX-Request": "true"}).text
    assert '<span id="filter-count" hx-swap-oob="true"></span>' in none_on


def test_a_result_card_shows_salary_place_contract_age_and_the_candidates_state(client, candidate):
    applied, saved = (
        JobFactory(title="Baker A", location="Lyon"),
        JobFactory(title="Baker B", salary_min=30_000, salary_max=40_000),
    )
    ApplicationFactory(job=applied, candidate=candidate)
    SavedJobFactory(job=saved, candidate=candidate)
    client.force_login(candidate.user)
    html = client.get("/jobs/?q=baker").text
    assert "30,000–40,000 EUR a year" in html
    assert "Lyon · " in html and "Full-time" in html
    assert ">just now</time>" in html
    assert "You applied" in html and "★ Saved" in html


# --- Logos -------------------------------------------------------------------------------------------


@pytest.fixture
def hiring_company():
    company = CompanyFactory(name="Acme")
    company.logo.save("acme.png", ContentFile(png()), save=True)
    JobFactory(company=company, title="Welder")
    return company


def test_a_hiring_companys_logo_is_public_and_cacheable(client, hiring_company):
    response = client.get(hiring_company.logo_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png()
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=604800"


def test_a_logo_stays_private_without_published_jobs_or_as_another_file_type(client):
    quiet = CompanyFactory()
    quiet.logo.save("quiet.png", ContentFile(png()), save=True)
    JobFactory(company=quiet, status="draft", draft=True)
    assert client.get(f"/companies/{quiet.slug}/logo/").status_code == 404
    odd = CompanyFactory()
    odd.logo.save("odd.svg", ContentFile(b"<svg/>"), save=True)
    JobFactory(company=odd)
    assert client.get(f"/companies/{odd.slug}/logo/").status_code == 404
    assert client.get(f"/companies/{CompanyFactory().slug}/logo/").status_code == 404  # none
    assert client.get("/companies/no-such-company/logo/").status_code == 404


def test_the_logo_on_the_company_page_the_cards_and_in_json_ld(client, hiring_company, django_assert_max_num_queries):
    JobFactory(company=hiring_company, title="Welder assistant")
    with django_assert_max_num_queries(3):
        page = client.get(hiring_company.get_absolute_url()).text
    assert page.count(f'src="{hiring_company.logo_url}"') == 3  # the header and two cards
    job = hiring_company.jobs.first()
    detail = client.get(job.get_absolute_url()).content
    data = json.loads(
        re.search(rb'<script type="application/ld\+json" id="job-posting">(.*?)</script>', detail, re.S)[1]
    )
    assert data["hiringOrganization"]["logo"] == f"{settings.SITE_URL}{hiring_company.logo_url}"  # the public address
    assert "?v=" in hiring_company.logo_url


def test_the_search_keeps_its_query_count_with_logos(client, hiring_company, django_assert_max_num_queries):
    JobFactory(company=hiring_company, title="Welder two")
    with django_assert_max_num_queries(10):  # the same pin as without logos (test_views.py)
        html = client.get("/jobs/?q=welder").text
    assert html.count('class="job-card-logo') == 2
