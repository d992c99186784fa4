"""The interview pages: scheduling from an application (the clash shown on the form), the
candidate's answer, the .ics download, the dashboards; times in the viewer's zone."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from hiring.models import Interview, InterviewStatus
from hiring.tests.factories import InterviewerFactory, InterviewFactory, slot
from intowork.time_zones import TIME_ZONE_COOKIE
from jobs.tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db
# Whole pages, counted once warm: the same for 2 rows as for 6.
EMPLOYER_HOME_QUERIES = 12
APPLICATION_PAGE_QUERIES = 13


def form_data(starts_at: datetime.datetime, interviewers, **extra):
    return {
        "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "Europe/Paris",
        "duration_minutes": 45,
        "video_url": "https://meet.example/abc",
        "interviewers": [user.pk for user in interviewers],
        **extra,
    }


def booked(application, employer, hour=10, days=2):
    interview = InterviewFactory(application=application, during=slot(days=days, hour=hour))
    InterviewerFactory(interview=interview, user=employer.user)
    return interview


def test_schedule_reads_the_start_in_the_chosen_zone(client, employer, application, tomorrow_ten):
    client.force_login(employer.user)
    client.cookies[TIME_ZONE_COOKIE] = "Asia/Tokyo"  # the page's zone does not change what was typed
    url = reverse("employer_hiring:interview_schedule", args=[application.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(tomorrow_ten.replace(tzinfo=None), [employer.user]))
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.starts_at == tomorrow_ten
    assert interview.ends_at - interview.starts_at == datetime.timedelta(minutes=45)


def test_the_form_shows_the_clash(client, employer, application, tomorrow_ten):
    other = ApplicationFactory(job=application.job)
    client.force_login(employer.user)
    url = reverse("employer_hiring:interview_schedule", args=[other.pk])
    client.post(url, form_data(tomorrow_ten.replace(tzinfo=None), [employer.user]))
    url = reverse("employer_hiring:interview_schedule", args=[application.pk])
    response = client.post(url, form_data(tomorrow_ten.replace(tzinfo=None, minute=30), [employer.user]))
    assert response.status_code == 400
    assert f"{employer.user.display_name} already has an interview then" in response.content.decode()
    assert Interview.objects.count() == 1


def test_another_companys_application_or_interview_is_a_404(client, application, employer):
    interview = booked(application, employer)
    outsider = MembershipFactory().user
    client.force_login(outsider)
    assert client.get(reverse("employer_hiring:interview_schedule", args=[application.pk])).status_code == 404
    assert client.get(reverse("employer_hiring:interview_detail", args=[interview.pk])).status_code == 404
    assert client.post(reverse("employer_hiring:interview_cancel", args=[interview.pk])).status_code == 404
    assert client.get(reverse("hiring:interview_ics", args=[interview.pk])).status_code == 404
    assert Interview.objects.get().status == InterviewStatus.PROPOSED


def test_the_company_moves_then_cancels(client, employer, application, tomorrow_ten):
    interview = booked(application, employer)
    client.force_login(employer.user)
    url = reverse("employer_hiring:interview_detail", args=[interview.pk])
    assert client.get(url).status_code == 200
    later = tomorrow_ten + datetime.timedelta(days=1)
    assert client.post(url, form_data(later.replace(tzinfo=None), [])).status_code == 302
    interview.refresh_from_db()
    assert (interview.starts_at, interview.sequence) == (later, 1)
    client.post(reverse("employer_hiring:interview_cancel", args=[interview.pk]))
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED


def test_the_candidate_answers_from_the_site(client, application, employer):
    interview = booked(application, employer)
    client.force_login(application.candidate.user)
    url = reverse("hiring:interview_detail", args=[interview.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"response": "another_time", "note": ""})
    assert response.status_code == 400
    assert "Say which times would suit you." in response.content.decode()
    assert client.post(url, {"response": "accepted"}).status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.ACCEPTED
    # Someone else's interview is a 404.
    client.force_login(ApplicationFactory().candidate.user)
    assert client.get(url).status_code == 404


def test_the_ics_download_parses(client, application, employer):
    interview = booked(application, employer)
    client.force_login(application.candidate.user)
    response = client.get(reverse("hiring:interview_ics", args=[interview.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event["DTSTART"].dt == interview.starts_at


def test_dashboards_list_upcoming_interviews_in_the_viewers_zone(
    client, employer, application, django_assert_max_num_queries
):
    for days in (2, 3, 4):
        booked(ApplicationFactory(job=application.job), employer, days=days)
    past = InterviewFactory(application=application, during=slot(days=-3))
    InterviewerFactory(interview=past, user=employer.user)
    client.force_login(employer.user)
    client.cookies[TIME_ZONE_COOKIE] = "Asia/Tokyo"
    with django_assert_max_num_queries(EMPLOYER_HOME_QUERIES + 2):  # cold: the figures are computed
        response = client.get(reverse("employer:home"))
    interviews = list(response.context["interviews"])
    assert len(interviews) == 3
    html = response.content.decode()
    assert "(Asia/Tokyo)" in html and 'id="upcoming-interviews"' in html

    client.force_login(interviews[0].candidate.user)
    response = client.get(reverse("accounts:dashboard"))
    assert [i.pk for i in response.context["interviews"]] == [interviews[0].pk]


@pytest.mark.parametrize("rows", [2, 6])
def test_the_employer_dashboard_queries_do_not_grow(client, employer, application, django_assert_num_queries, rows):
    """Same count for 2 and 6 interviews (the panel is prefetched)."""
    for days in range(2, 2 + rows):
        booked(ApplicationFactory(job=application.job), employer, days=days)
    client.force_login(employer.user)
    client.get(reverse("employer:home"))  # warm what is cached
    with django_assert_num_queries(EMPLOYER_HOME_QUERIES):
        client.get(reverse("employer:home"))


@pytest.mark.parametrize("rows", [2, 6])
def test_the_application_page_queries_do_not_grow(client, employer, application, django_assert_num_queries, rows):
    for days in range(2, 2 + rows):
        interview = booked(application, employer, days=days)
        InterviewerFactory(interview=interview)
    client.force_login(employer.user)
    client.get(reverse("employer:application_detail", args=[application.pk]))
    with django_assert_num_queries(APPLICATION_PAGE_QUERIES):
        client.get(reverse("employer:application_detail", args=[application.pk]))
