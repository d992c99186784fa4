"""A guest saves the search they are looking at as an alert and confirms it by the link of the
email: the browser's whole path, through the pages only."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from alerts.models import Alert
from intowork.tests.browser import watch_console
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.browser

GUEST = "guest@example.com"


def test_a_guest_saves_an_alert_from_a_search_and_confirms_it_by_the_emailed_link(page):
    console = watch_console(page)
    JobFactory(title="Pastry chef", location="Lyon")
    page.goto("/jobs/?q=pastry&location=Lyon")
    page.get_by_role("link", name="Email me new jobs").click()
    page.get_by_label("Your email").fill(GUEST)
    page.get_by_label("How often").select_option("weekly")
    page.get_by_role("button", name="Save the alert").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    alert = Alert.objects.get()
    assert (alert.params, alert.frequency, alert.confirmed_at) == ({"location": "Lyon", "q": "pastry"}, "weekly", None)

    (body,) = [message.body for message in mail.outbox if message.to == [GUEST]]
    link = re.search(r"http://\S+/alerts/confirm/\S+/", body).group(0)
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Confirm my alert").click()
    expect(page.get_by_role("heading", name="Your alert is on")).to_be_visible()
    alert.refresh_from_db()
    assert alert.confirmed_at is not None
    console.assert_clean()
