"""Issue 12, point 4: every link that leaves a page is on SITE_URL, whatever host and scheme the
request came in with (behind a proxy: an internal host, plain HTTP) and whatever the sites
framework's row says (example.com)."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Notification, NotificationType
from accounts.tasks import send_notification_email
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db

SITE = "https://jobs.example.org"
# What a proxy's request looks like to the app: its own host, plain HTTP.
BEHIND_PROXY = {"HTTP_HOST": "localhost"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


# XML namespaces are names, not links.
NAMESPACES = ("http://www.sitemaps.org/", "http://www.w3.org/")


def links_in(text: str) -> set[str]:
    return {link for link in re.findall(r"https?://[^\s\"'<>]+", text) if not link.startswith(NAMESPACES)}


def assert_all_on_site(links: set[str]) -> None:
    foreign = {link for link in links if not link.startswith(SITE + "/")}
    assert links and not foreign, foreign


def test_sitemaps_link_to_the_site(client):
    job = JobFactory()
    index = client.get("/sitemap.xml", **BEHIND_PROXY).content.decode()
    assert f"<loc>{SITE}/sitemap-jobs.xml</loc>" in index
    assert_all_on_site(links_in(index))
    section = client.get("/sitemap-jobs.xml", **BEHIND_PROXY).content.decode()
    assert f"<loc>{SITE}{job.get_absolute_url()}</loc>" in section
    assert_all_on_site(links_in(section))
    companies = client.get("/sitemap-companies.xml", **BEHIND_PROXY).content.decode()
    assert f"<loc>{SITE}{job.company.get_absolute_url()}</loc>" in companies


def test_the_feed_links_to_the_site(client):
    job = JobFactory()
    feed = client.get("/jobs/feed/", **BEHIND_PROXY).content.decode()
    assert f'href="{SITE}{job.get_absolute_url()}"' in feed
    assert f'href="{SITE}/jobs/feed/"' in feed  # rel="self"
    assert_all_on_site(links_in(feed))


def test_json_ld_links_to_the_site(client):
    job = JobFactory(company__website="")
    page = client.get(job.get_absolute_url(), **BEHIND_PROXY).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)[1])
    assert data["url"] == SITE + job.get_absolute_url()
    assert data["hiringOrganization"]["sameAs"] == SITE + job.company.get_absolute_url()


def test_allauth_emails_link_to_the_site(client, user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(reverse("account_reset_password"), {"email": user.email}, **BEHIND_PROXY)
    client.post(reverse("account_reset_password"), {"email": "nobody@example.com"}, **BEHIND_PROXY)
    reset, unknown = mail.outbox
    assert f"{SITE}/accounts/password/reset/key/" in reset.body
    assert_all_on_site(links_in(reset.body) | links_in(reset.alternatives[0].content))
    assert_all_on_site(links_in(unknown.body))


def test_notification_emails_link_to_the_site(user):
    notification = Notification.objects.create(user=user, type=NotificationType.APPLICATION_STATUS, title="Moved")
    send_notification_email.call(notification_id=notification.pk)
    (message,) = mail.outbox
    assert_all_on_site(links_in(message.body) | links_in(message.extra_headers["List-Unsubscribe"]))


def test_api_next_links_are_on_the_site(client, candidate):
    JobFactory.create_batch(21)
    search = client.get("/api/v1/jobs/", **BEHIND_PROXY).json()
    assert search["next"].startswith(f"{SITE}/api/v1/jobs/?")
    client.force_login(candidate.user)
    for _ in range(2):
        Notification.objects.create(user=candidate.user, type=NotificationType.APPLICATION_STATUS, title="Moved")
    listed = client.get("/api/v1/notifications/", {"page_size": 1}, **BEHIND_PROXY).json()
    assert listed["next"].startswith(f"{SITE}/api/v1/notifications/?")


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-jobs.xml", "/jobs/feed/"])
def test_xml_responses_carry_no_csp_and_pages_do(client, path):
    JobFactory()
    for _ in range(2):  # rendered, then from the cache
        assert "Content-Security-Policy" not in client.get(path).headers
    assert "Content-Security-Policy" in client.get("/jobs/").headers
