"""A hidden job leaves every public reader at once: the search (cached pages included), the
API, the feed, the sitemap, its company's page and its own page; restoring brings it back."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from jobs.tests.factories import JobFactory
from moderation import services

pytestmark = pytest.mark.django_db(transaction=True)  # the cache is refreshed after commit


def public_places(client, job) -> dict[str, bool]:
    """Where the job shows, each read the way a visitor or a crawler reads it."""
    return {
        "search": job.title in client.get("/jobs/", {"q": "Quokka"}).text,
        "api": job.pk in [row["id"] for row in client.get("/api/v1/jobs/", {"q": "Quokka"}).json()["results"]],
        "api detail": client.get(f"/api/v1/jobs/{job.pk}/").status_code == 200,
        "feed": job.title in client.get("/jobs/feed/").text,
        "sitemap": job.slug in client.get("/sitemap-jobs.xml").text,
        "company page": job.title in client.get(job.company.get_absolute_url()).text,
        "page": client.get(job.get_absolute_url()).status_code == 200,
        "report page": client.get(reverse("moderation:report_job", args=[job.pk, job.slug])).status_code == 200,
    }


def test_hiding_removes_the_job_everywhere_at_once_even_from_cached_pages(client):
    job = JobFactory(title="Quokka keeper", slug="quokka-keeper")
    assert set(public_places(client, job).values()) == {True}  # and now every page is cached
    staff = UserFactory(is_staff=True)
    services.job_hide(job=job, by=staff, note="Fake company.")
    assert set(public_places(client, job).values()) == {False}
    services.job_restore(job=job, by=staff)
    assert set(public_places(client, job).values()) == {True}
