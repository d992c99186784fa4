"""The employer's dashboard: its figures, the applications chart and each job's funnel."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import NotificationFactory, UserFactory
from jobs.dashboards import FUNNEL_STAGES, employer_dashboard, employer_funnels
from jobs.models import ApplicationStatus, JobStatus
from jobs.services import application_change_status
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory
from jobs.views.employer_dashboard import applications_chart

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def company_figures(employer):
    """Two published jobs, a draft and a closed one, applications in every status, and
    another company's application that must count nowhere."""
    baker, cook = JobFactory.create_batch(2, company=employer.company)
    JobFactory(company=employer.company, draft=True)
    closed = JobFactory(company=employer.company, status=JobStatus.CLOSED)
    for status in (S.APPLIED, S.APPLIED, S.VIEWED, S.INTERVIEW):
        ApplicationFactory(job=baker, status=status)
    for status in (S.SHORTLISTED, S.REJECTED, S.WITHDRAWN):
        ApplicationFactory(job=cook, status=status)
    ApplicationFactory(job=closed, status=S.ACCEPTED)
    ApplicationFactory(status=S.INTERVIEW)  # another company's
    NotificationFactory(user=employer.user)
    return employer


def test_figures_are_exact_and_take_one_aggregate(company_figures, django_assert_num_queries):
    # The figures' one aggregate, the daily series, the unread count: no query per figure.
    with django_assert_num_queries(3):
        figures = employer_dashboard(user=company_figures.user)
    assert figures["active_jobs"] == 2
    assert (figures["applications"], figures["new"], figures["interviews"]) == (8, 2, 1)
    # Answered: shortlisted, interview, rejected, accepted; 7 not withdrawn.
    assert figures["response_rate"] == round(4 / 7, 3)
    assert figures["unread_notifications"] == 1


def test_the_query_count_does_not_grow_with_jobs_and_applications(employer, django_assert_num_queries):
    for _ in range(3):
        ApplicationFactory.create_batch(3, job=JobFactory(company=employer.company))
    with django_assert_num_queries(3):
        assert employer_dashboard(user=employer.user)["applications"] == 9


def test_no_applications_gives_zeros_and_no_rate(employer):
    figures = employer_dashboard(user=employer.user)
    assert (figures["active_jobs"], figures["applications"], figures["response_rate"]) == (0, 0, None)


def test_applications_per_day_cover_the_last_30_days(employer):
    job = JobFactory(company=employer.company)
    now = timezone.now()
    ApplicationFactory.create_batch(2, job=job, applied_at=now)
    ApplicationFactory(job=job, applied_at=now - datetime.timedelta(days=3))
    ApplicationFactory(job=job, applied_at=now - datetime.timedelta(days=40))  # too old for the chart
    series = employer_dashboard(user=employer.user)["applications_per_day"]
    assert len(series) == 30
    assert series[-1] == {"date": timezone.localdate(), "applications": 2}
    assert series[-4]["applications"] == 1
    assert sum(day["applications"] for day in series) == 3


def test_the_chart_scales_its_bars_to_the_busiest_day():
    today = datetime.date(2026, 3, 30)
    series = [{"date": today - datetime.timedelta(days=29 - n), "applications": 0} for n in range(30)]
    series[-1]["applications"], series[0]["applications"] = 4, 2
    chart = applications_chart(series)
    bars = chart["bars"]
    assert len(bars) == 30 and chart["top"] == 4 and chart["total"] == 6
    assert bars[-1]["height"] == chart["plot_bottom"] - chart["plot_top"]
    assert bars[0]["height"] == bars[-1]["height"] // 2 and bars[1]["height"] == 0
    assert all(bar["y"] + bar["height"] == chart["plot_bottom"] for bar in bars)
    # Every value is a whole number: they are printed into SVG attributes.
    assert all(isinstance(bar[key], int) for bar in bars for key in ("x", "y", "width", "height"))
    assert [bar["date"].day for bar in bars if bar["labelled"]] == [2, 9, 16, 23, 30]


def _move(application, *statuses, by):
    for status in statuses:
        application_change_status(application=application, to=status, by=by)


def test_funnels_count_the_stages_each_application_reached(employer, django_assert_num_queries):
    job = JobFactory(company=employer.company, title="Baker")
    by = employer.user
    ApplicationFactory(job=job)  # just applied
    _move(ApplicationFactory(job=job), S.VIEWED, by=by)
    _move(ApplicationFactory(job=job), S.VIEWED, S.SHORTLISTED, S.REJECTED, by=by)  # rejected after the shortlist
    _move(ApplicationFactory(job=job), S.VIEWED, S.INTERVIEW, S.ACCEPTED, by=by)  # skipped the shortlist
    ApplicationFactory(job=job, status=S.INTERVIEW)  # no history (imported): its status says enough
    ApplicationFactory(job=job, status=S.WITHDRAWN)
    JobFactory(company=employer.company, draft=True)  # not published: no funnel
    ApplicationFactory(status=S.ACCEPTED)  # another company's
    with django_assert_num_queries(1):
        funnels = employer_funnels(user=employer.user)
    assert [funnel["job"] for funnel in funnels] == [job]
    counts = {stage["status"]: stage["count"] for stage in funnels[0]["stages"]}
    assert [stage["status"] for stage in funnels[0]["stages"]] == list(FUNNEL_STAGES)
    # Viewed: the three moved by hand and the imported interview. Shortlisted: the rejected
    # one, and the accepted and the interview ones, which went past it.
    assert counts == {S.APPLIED: 6, S.VIEWED: 4, S.SHORTLISTED: 3, S.INTERVIEW: 2, S.ACCEPTED: 1}


def test_funnels_take_one_query_for_many_jobs(employer, django_assert_num_queries):
    for _ in range(3):
        for application in ApplicationFactory.create_batch(2, job=JobFactory(company=employer.company)):
            _move(application, S.VIEWED, by=employer.user)
    with django_assert_num_queries(1):
        funnels = employer_funnels(user=employer.user)
    assert [[stage["count"] for stage in funnel["stages"]] for funnel in funnels] == [[2, 2, 0, 0, 0]] * 3


# --- The page ----------------------------------------------------------------------------------


def test_dashboard_page_shows_figures_chart_and_funnels(client, company_figures, django_assert_max_num_queries):
    client.force_login(company_figures.user)
    # Session, user, membership, companies, the figures' aggregate, the daily series, the unread count,
    # the funnels, the navigation's unread badge.
    with django_assert_max_num_queries(11):  # + the upcoming interviews
        response = client.get(reverse("employer:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["cards"][0][1] == 2  # active jobs
    assert "57%" in html  # the response rate, 4 of 7
    chart = re.search(r'<svg id="applications-chart".*?</svg>', html, re.S).group(0)
    assert chart.count('<rect class="bar"') == 30
    assert 'role="img"' in chart and '<title id="applications-chart-title">' in chart
    assert "8 applications from" in chart and "the busiest day had 8." in chart  # the <desc>
    assert "<script" not in html.split("<footer")[0]  # the chart draws without script
    hidden_table = re.search(r'<table class="visually-hidden" id="applications-per-day">.*?</table>', html, re.S)
    assert hidden_table.group(0).count("<tr>") == 31  # the header and 30 days
    funnels = re.search(r'<table class="table align-middle" id="funnels">.*?</table>', html, re.S).group(0)
    assert funnels.count('<th scope="row"') == 2  # the two published jobs


def test_dashboard_page_query_count_does_not_grow_with_jobs(client, employer, django_assert_max_num_queries):
    for _ in range(4):
        ApplicationFactory.create_batch(2, job=JobFactory(company=employer.company))
    client.force_login(employer.user)
    # 10: the figures, the series, the funnels, the reasons for withdrawing (one grouped query
    # each), the unread count, the session, the user, the membership, the companies.
    with django_assert_max_num_queries(11):  # + the upcoming interviews
        html = client.get(reverse("employer:home")).content.decode()
    assert html.count('<th scope="row" class="fw-normal">') == 4


def test_an_employer_without_a_company_is_invited_to_create_one(client):
    user = UserFactory(role=Role.EMPLOYER)
    client.force_login(user)
    html = client.get(reverse("employer:home")).content.decode()
    assert f'href="{reverse("employer:company_create")}"' in html
    assert "applications-chart" not in html


def test_a_company_without_applications_gets_an_empty_state(client, employer):
    JobFactory(company=employer.company)
    client.force_login(employer.user)
    html = client.get(reverse("employer:home")).content.decode()
    assert "No applications yet" in html and "applications-chart" not in html
    assert reverse("employer:company_create") not in html


def test_the_dashboard_link_leads_employers_here(client, employer):
    client.force_login(employer.user)
    assert client.get("/dashboard/").url == reverse("employer:home") == "/employer/"
    assert client.get("/employer/jobs/").status_code == 200  # the job list moved under /jobs/


@pytest.mark.parametrize("who", ["anonymous", "candidate"])
def test_only_employers_see_the_dashboard(client, candidate, who):
    if who == "candidate":
        client.force_login(candidate.user)
        assert client.get(reverse("employer:home")).status_code == 403
    else:
        response = client.get(reverse("employer:home"))
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_another_companys_figures_never_show(client, company_figures):
    outsider = MembershipFactory()
    client.force_login(outsider.user)
    response = client.get(reverse("employer:home"))
    assert response.context["figures"]["applications"] == 0
    assert response.context["funnels"] == []
