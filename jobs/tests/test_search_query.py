"""How a search reads the jobs (jobs.models.search_query) on real PostgreSQL: syntax,
stemming, tiers, typos, hostile input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Job
from jobs.models.search_query import (
    COUNT_CAP,
    InvalidCursor,
    JobSearch,
    clean_query,
    decode_cursor,
    edit_distance,
)
from jobs.search import refresh_search_words
from jobs.tests.factories import CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db


def job(title, **fields):
    return JobFactory(title=title, requirements="", **fields)


def titles(q, ordering=None):
    return [job.title for job in JobSearch(Job.objects.published(), q, ordering).page(1).jobs]


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def jobs():
    job("Python Developer", description="Build APIs.", skills=["Django"], posted_at=ago(3))
    job("Senior Java Engineer", description="Spring services.", skills=["Java"], posted_at=ago(2))
    job("Data Analyst", description="SQL and Python notebooks.", skills=["SQL"], posted_at=ago(1))
    job("Rust Engineer", description="Embedded systems.", skills=["Rust"], posted_at=ago(4))
    job("Marketing Manager", description="Brand campaigns.", skills=["SEO"], posted_at=ago(5))


def test_words_are_stemmed(jobs):
    assert titles("developers") == ["Python Developer"]
    assert set(titles("engineering")) == {"Senior Java Engineer", "Rust Engineer"}


def test_phrases_exclusions_and_or(jobs):
    assert titles('"java engineer"') == ["Senior Java Engineer"]
    wrong_order = JobSearch(Job.objects.published(), '"engineer java"').page(1)
    assert wrong_order.fuzzy is True  # no exact phrase: only similar titles are offered
    assert titles("engineer -java") == ["Rust Engineer"]
    assert set(titles("rust or marketing")) == {"Rust Engineer", "Marketing Manager"}


def test_title_outranks_skills_which_outrank_description(jobs):
    # "python": title of one job (older), description of a newer one.
    assert titles("python") == ["Python Developer", "Data Analyst"]
    # "sql": the analyst's skill (B) and description; a title match would still come first.
    job("SQL Developer", description="Reports.", skills=[], posted_at=ago(20))
    assert titles("sql") == ["SQL Developer", "Data Analyst"]


def test_company_name_counts_as_much_as_skills():
    JobFactory(title="Accountant", company=CompanyFactory(name="Pythonista Ltd"), description="x", posted_at=ago(1))
    JobFactory(title="Clerk", description="We use Pythonista tools daily.", posted_at=ago(0))
    assert titles("pythonista") == ["Accountant", "Clerk"]


def test_ties_go_to_the_newest(jobs):
    assert titles("engineer") == ["Senior Java Engineer", "Rust Engineer"]


def test_typos_are_corrected_from_title_words(jobs):
    assert refresh_search_words() == 10  # python developer senior java engineer data analyst rust marketing manager
    results = JobSearch(Job.objects.published(), '"pyhton devloper" -rust').page(1)
    assert (results.fuzzy, results.corrected_q) == (True, '"python developer" -rust')
    assert [job.title for job in results.jobs] == ["Python Developer"]
    # The corrected query is ranked like any other: title matches first.
    assert titles("enginer") == ["Senior Java Engineer", "Rust Engineer"]


def test_typos_without_vocabulary_fall_back_to_similar_titles(jobs):
    results = JobSearch(Job.objects.published(), "pyhton devloper").page(1)  # words never refreshed
    assert (results.fuzzy, results.corrected_q) == (True, None)
    assert [job.title for job in results.jobs][:1] == ["Python Developer"]


def test_a_real_match_is_never_replaced_by_fuzzy_ones(jobs):
    results = JobSearch(Job.objects.published(), "rust").page(1)
    assert results.fuzzy is False
    assert [j.title for j in results.jobs] == ["Rust Engineer"]


@pytest.mark.parametrize(
    "hostile",
    [
        '"&|!():*<>\\',
        "x" * 1000,
        "développeur 🚀🔥",
        "'; DROP TABLE jobs_job; --",
        "python & | ! <-> :*",
        "\x00null\x01byte",
        '"unclosed phrase',
        "-",
        "the and of",
    ],
)
def test_any_input_is_a_normal_search(jobs, hostile):
    results = JobSearch(Job.objects.published(), hostile).page(1)
    assert results.total >= 0
    assert Job.objects.count() == 5  # nothing dropped


def test_stop_words_only_lists_everything_newest_first(jobs):
    assert titles("the") == [
        "Data Analyst",
        "Senior Java Engineer",
        "Python Developer",
        "Rust Engineer",
        "Marketing Manager",
    ]


def test_only_published_unexpired_jobs_are_found():
    JobFactory(title="Open Python job")
    JobFactory(title="Draft Python job", draft=True)
    JobFactory(title="Closed Python job", status="closed")
    JobFactory(title="Expired Python job", posted_at=ago(40), expires_at=ago(1))
    assert titles("python") == ["Open Python job"]


def test_salary_ordering(jobs):
    Job.objects.filter(title="Rust Engineer").update(salary_min=90_000, salary_max=120_000)
    assert titles("engineer", "salary") == ["Rust Engineer", "Senior Java Engineer"]


def test_small_results_are_counted_exactly():
    JobFactory.create_batch(2, title="Nurse")
    results = JobSearch(Job.objects.published(), "nurse").page(1)
    assert (results.total, results.total_is_capped, results.total_display) == (2, False, "2")


def test_counts_stop_at_the_cap(monkeypatch):
    monkeypatch.setattr("jobs.models.search_query.COUNT_CAP", 3)
    JobFactory.create_batch(6, title="Nurse")
    results = JobSearch(Job.objects.published(), "nurse").page(1)
    assert results.total_is_capped is True and results.total_display.endswith("+")
    assert len(results.jobs) == 6
    assert COUNT_CAP == 1000


def test_pages_walk_through_the_tiers_without_gaps_or_repeats():
    for day in range(7):
        JobFactory(title=f"Baker {day}", posted_at=ago(day))
        JobFactory(title=f"Cook {day}", skills=["baker"], posted_at=ago(day))
    search = JobSearch(Job.objects.published(), "baker")
    seen = [job.title for number in (1, 2, 3) for job in search.page(number, per_page=5).jobs]
    assert len(seen) == len(set(seen)) == 14
    assert seen[:7] == [f"Baker {d}" for d in range(7)]


def test_a_deep_page_counts_only_the_tiers_it_skips():
    for day in range(7):
        JobFactory(title=f"Baker {day}", posted_at=ago(day))
    search = JobSearch(Job.objects.published(), "baker", "newest")  # one tier: nothing to skip by counting
    with CaptureQueriesContext(connection) as queries:
        titles = [job.title for job in search.page(2, per_page=5).jobs]
    assert titles == ["Baker 5", "Baker 6"]
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1  # the total shown above the results, nothing else


def test_cursor_pages_are_stable_when_a_job_is_published_meanwhile():
    for day in range(5):
        JobFactory(title=f"Welder {day}", posted_at=ago(day + 1))
        JobFactory(title=f"Fitter {day}", description="Welder wanted.", posted_at=ago(day + 1))
    first = JobSearch(Job.objects.published(), "welder").after(None, per_page=4)
    JobFactory(title="Welder new", posted_at=timezone.now())  # published between the two requests
    rest, cursor = [], first.next_cursor
    while cursor:
        page = JobSearch(Job.objects.published(), "welder").after(cursor, per_page=4)
        rest.extend(page.jobs)
        cursor = page.next_cursor
    seen = [j.title for j in first.jobs + rest]
    assert len(seen) == len(set(seen)) == 10
    assert seen[:5] == [f"Welder {d}" for d in range(5)]


def test_garbage_cursors_are_refused_cleanly():
    for garbage in ["nonsense", "eyJ0aWVyIjogIngifQ", "e30"]:
        with pytest.raises(InvalidCursor):
            decode_cursor(garbage)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("python", "python", 0), ("pyhton", "python", 1), ("accountnat", "accountant", 1), ("accountnat", "account", 3)],
)
def test_edit_distance_counts_a_swap_as_one_edit(a, b, distance):
    assert edit_distance(a, b) == distance


def test_clean_query_cuts_and_normalises():
    assert clean_query("  a\tb\n ") == "a b"
    assert len(clean_query("x" * 1000)) == 200
    assert clean_query(None) == ""


def test_cursor_pages_of_a_corrected_search_stay_corrected():
    for day in range(5):
        job(f"Welder {day}", posted_at=ago(day))
    refresh_search_words()
    first = JobSearch(Job.objects.published(), "wedler").after(None, per_page=3)
    second = JobSearch(Job.objects.published(), "wedler").after(first.next_cursor, per_page=3)
    assert first.corrected_q == second.corrected_q == "welder"
    assert [j.title for j in first.jobs + second.jobs] == [f"Welder {day}" for day in range(5)]


def test_a_page_past_the_end_is_empty_not_corrected(jobs):
    refresh_search_words()
    results = JobSearch(Job.objects.published(), "engineer").page(3, per_page=1)
    assert (results.jobs, results.fuzzy) == ([], False)
