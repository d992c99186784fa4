"""In a browser: an employer schedules an interview from an application, the candidate finds it
on their dashboard and accepts it; times shown in each one's zone; no console error."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hiring.models import Interview, InterviewStatus
from intowork.tests.browser import screenshot, watch_console
from jobs.tests.factories import ApplicationFactory, JobFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_employer_schedules_an_interview_and_the_candidate_accepts(page, login_page, employer, candidate, client):
    console = watch_console(page)
    application = ApplicationFactory(
        job=JobFactory(company=employer.company, title="Pastry chef"), candidate=candidate
    )
    day = (timezone.now() + datetime.timedelta(days=3)).date()

    login_page(employer.user)
    page.goto(f"/employer/applications/{application.pk}/")
    page.get_by_role("link", name="Schedule an interview").click()
    page.get_by_label("Start").fill(f"{day:%Y-%m-%d}T14:30")
    page.get_by_label("Time zone").select_option("Europe/Paris")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Video link").fill("https://meet.example/pastry")
    screenshot(page, "interview-schedule")
    page.get_by_role("button", name="Schedule and send the invitation").click()
    expect(page.get_by_text("The interview is scheduled")).to_be_visible()
    expect(page.locator("#interviews-heading")).to_be_visible()

    page.context.clear_cookies()
    login_page(candidate.user)
    page.goto("/dashboard/")
    page.locator("#upcoming-interviews").get_by_role("link", name="Pastry chef").click()
    expect(page.get_by_role("heading", name="Interview for Pastry chef")).to_be_visible()
    page.get_by_label("Your answer").select_option("accepted")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Your answer was sent to the company.")).to_be_visible()
    expect(page.locator(".interview-status")).to_have_text("Accepted")
    screenshot(page, "interview-accepted")

    interview = Interview.objects.get(application=application)
    assert interview.status == InterviewStatus.ACCEPTED
    assert f"{interview.starts_at.astimezone(datetime.UTC):%H:%M}" in {"13:30", "12:30"}  # 14:30 in Paris
    console.assert_clean()
