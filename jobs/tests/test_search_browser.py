"""The /jobs/ page in a real browser: htmx swaps in the results and the filters' counts, and
the form sends only what the visitor chose."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobs.tests.factories import JobFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_and_filter_in_place(page):
    JobFactory(title="Baker", job_type="full_time", posted_at=timezone.now() - datetime.timedelta(days=10))
    JobFactory(title="Night Baker", job_type="part_time")
    JobFactory(title="Cook", job_type="contract")
    page.goto("/jobs/")
    cards = page.locator("#results .job-card")
    expect(cards).to_have_count(3)

    page.fill("#q", "baker")
    page.get_by_role("button", name="Search").click()
    # Both bakers, the one posted 10 days ago too: no date filter the visitor did not choose.
    expect(cards).to_have_count(2)
    expect(page).to_have_url(re.compile(r"[?&]q=baker"))
    # The counts beside the filters are those of this search, not of the list before it.
    expect(page.locator("#id_job_type option[value=part_time]")).to_have_text("Part-time (1)")
    expect(page.locator("#id_job_type option[value=contract]")).to_have_text("Contract (0)")

    page.select_option("#id_job_type", "part_time")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("Night Baker")
    expect(page).to_have_url(re.compile(r"job_type=part_time"))
    expect(page.locator("#id_job_type")).to_have_value("part_time")
