import pytest
from django.urls import reverse

from accounts.tests.factories import StaffFactory
from accounts.tests.mfa import sign_in_with_mfa
from intowork import monitoring
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db

URL = "/admin/db-monitoring/"


def test_staff_sees_every_section_from_the_real_database(client, staff, django_assert_max_num_queries):
    JobFactory.create_batch(2)
    sign_in_with_mfa(client, staff)
    # 16 for the database's own sections, 2 for the alerts' (settings.MONITORING_SECTIONS).
    with django_assert_max_num_queries(18):
        response = client.get(URL)
    assert response.status_code == 200
    titles = [section.title for section in response.context["sections"]]
    assert titles[0].startswith("Slowest statements")
    assert "Largest tables" in titles and "Indexes never used since statistics were reset" in titles
    tables = next(s for s in response.context["sections"] if s.title == "Largest tables")
    assert "jobs_job" in [row[0] for row in tables.rows]
    connections = next(s for s in response.context["sections"] if s.title == "Connections by state")
    assert sum(row[1] for row in connections.rows) >= 1


def test_missing_pg_stat_statements_is_explained_not_an_error(db):
    section = monitoring.slowest_statements()
    # This machine's PostgreSQL does not preload the extension; if it ever does, rows appear instead.
    assert section.note.startswith("pg_stat_statements is not available") or section.columns


def test_the_admin_index_links_to_it(client, staff):
    sign_in_with_mfa(client, staff)
    assert URL.encode() in client.get(reverse("admin:index")).content


@pytest.mark.parametrize("who", ["anonymous", "candidate"])
def test_only_staff_may_look(client, candidate, who):
    if who == "candidate":
        client.force_login(candidate.user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_query_text_is_for_superusers_only(client):
    """SQL text can hold what people typed (literals): other staff see the figures only."""
    running = "Queries running for more than a second"
    superuser, staff = StaffFactory(), StaffFactory(is_superuser=False)

    sign_in_with_mfa(client, superuser)
    sections = {s.title: s for s in client.get(URL).context["sections"]}
    assert "query" in sections[running].columns

    sign_in_with_mfa(client, staff)
    response = client.get(URL)
    assert response.status_code == 200
    sections = {s.title: s for s in response.context["sections"]}
    assert not any(monitoring.QUERY_TEXT_COLUMNS & set(section.columns) for section in sections.values())
    assert sections[running].columns == ["pid", "state", "seconds", "wait_event_type"]
    assert "The query text is shown to superusers only." in response.text


def test_without_query_text_drops_the_column_from_every_row():
    section = monitoring.Section(
        "Blocked",
        ["blocked_pid", "blocked_query", "blocking_pid", "blocking_query"],
        [(1, "SELECT 'a@b.c'", 2, "UPDATE")],
    )
    hidden = monitoring.without_query_text(section)
    assert (hidden.columns, hidden.rows) == (["blocked_pid", "blocking_pid"], [(1, 2)])
