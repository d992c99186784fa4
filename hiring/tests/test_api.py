"""Interviews over the API: scheduling with the one error shape, answers, and racing bookings
over real HTTP (one 201, the rest 409)."""

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string

from hiring.models import Interview, Interviewer, InterviewStatus
from hiring.tests.factories import InterviewerFactory, InterviewFactory, slot
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

RACERS = 8


def body(application, starts_at, interviewers):
    return {
        "application": application.pk,
        "starts_at": starts_at.isoformat(),
        "time_zone": "Europe/Paris",
        "duration_minutes": 60,
        "video_url": "https://meet.example/abc",
        "interviewers": [user.pk for user in interviewers],
    }


@pytest.mark.django_db
def test_schedule_answer_and_list(client, employer, application, tomorrow_ten, django_assert_max_num_queries):
    client.force_login(employer.user)
    response = client.post("/api/v1/interviews/", body(application, tomorrow_ten, [employer.user]), "application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["starts_at"] == tomorrow_ten.isoformat()  # in the zone it was scheduled in
    assert created["interviewers"] == [{"id": employer.user.pk, "name": employer.user.display_name}]
    clash = client.post("/api/v1/interviews/", body(application, tomorrow_ten, [employer.user]), "application/json")
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "interview_clash"

    client.force_login(application.candidate.user)
    answer = client.post(
        f"/api/v1/interviews/{created['id']}/respond/", {"response": "maybe"}, content_type="application/json"
    )
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid"
    answer = client.post(
        f"/api/v1/interviews/{created['id']}/respond/", {"response": "accepted"}, content_type="application/json"
    )
    assert answer.json()["status"] == "accepted"

    for days in (3, 4, 5):
        seat = InterviewerFactory(interview=InterviewFactory(application=application, during=slot(days=days)))
        InterviewerFactory(interview=seat.interview)
    with django_assert_max_num_queries(6):
        listed = client.get("/api/v1/interviews/").json()["results"]
    assert len(listed) == 4


@pytest.mark.django_db
def test_refusals_use_the_error_shape(client, employer, application, tomorrow_ten):
    client.force_login(employer.user)
    past = body(application, tomorrow_ten.replace(year=2020), [employer.user])
    response = client.post("/api/v1/interviews/", past, "application/json")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "in_the_past",
        "message": "Choose a start in the future.",
        "fields": {"starts_at": ["Choose a start in the future."]},
    }
    outsider = MembershipFactory().user
    response = client.post("/api/v1/interviews/", body(application, tomorrow_ten, [outsider]), "application/json")
    assert response.json()["error"]["code"] == "not_a_member"
    assert not Interview.objects.exists()


# --- Racing bookings over real HTTP ------------------------------------------------------------


def race(live_server, client, user, bodies: list[dict]) -> list[int]:
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = _get_new_csrf_string()
    headers = {
        "Content-Type": "application/json",
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
        "Referer": live_server.url + "/",
    }
    url = f"{live_server.url}/api/v1/interviews/"
    assert url.startswith("http://")
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []

    def book(payload):
        request = urllib.request.Request(url, json.dumps(payload).encode(), headers, method="POST")  # noqa: S310
        barrier.wait()
        for _attempt in range(5):  # the test server's backlog is small: a refused connect is retried
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http URL checked)
                    statuses.append(response.status)
                    return
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
                return
            except (urllib.error.URLError, ConnectionError):
                continue
        statuses.append(-1)

    threads = [threading.Thread(target=book, args=(payload,)) for payload in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_racing_bookings_of_one_interviewer_one_wins(live_server, client, employer, tomorrow_ten):
    """Eight recruiters book the same interviewer for eight candidates at overlapping times."""
    job = JobFactory(company=employer.company)
    applications = ApplicationFactory.create_batch(RACERS, job=job)
    bodies = [body(application, tomorrow_ten, [employer.user]) for application in applications]
    statuses = race(live_server, client, employer.user, bodies)
    assert sorted(statuses) == [201] + [409] * (RACERS - 1), statuses
    assert Interviewer.objects.filter(user=employer.user, is_booked=True).count() == 1
    assert Interview.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_bookings_of_one_candidate_one_wins(live_server, client, employer, candidate, tomorrow_ten):
    """The same candidate, applying to several jobs, booked by different interviewers at once."""
    bodies = []
    for _ in range(RACERS):
        application = ApplicationFactory(job=JobFactory(company=employer.company), candidate=candidate)
        interviewer = MembershipFactory(company=employer.company).user
        bodies.append(body(application, tomorrow_ten, [interviewer]))
    statuses = race(live_server, client, employer.user, bodies)
    assert sorted(statuses) == [201] + [409] * (RACERS - 1), statuses
    assert Interview.objects.filter(candidate=candidate, status=InterviewStatus.PROPOSED).count() == 1
