import pytest
from django.urls import reverse

from accounts.tests.mfa import sign_in_with_mfa
from intowork import monitoring
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db

URL = "/admin/db-monitoring/"


def test_staff_sees_every_section_from_the_real_database(client, staff, django_assert_max_num_queries):
    JobFactory.create_batch(2)
    sign_in_with_mfa(client, staff)
    with django_assert_max_num_queries(16):
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
