"""50 identical "apply" requests at once, over real HTTP: exactly one application, no 5xx."""

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string

from jobs.models import Application, Job
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_concurrent_identical_applies_make_one_application(live_server, client, candidate):
    job = JobFactory()
    client.force_login(candidate.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = _get_new_csrf_string()
    body = json.dumps({"job": job.pk, "cover_letter": "Hello"}).encode()
    headers = {
        "Content-Type": "application/json",
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
        "Referer": live_server.url + "/",
    }
    barrier = threading.Barrier(50)
    statuses: list[int] = []

    url = f"{live_server.url}/api/v1/applications/"
    assert url.startswith("http://")

    def apply():
        request = urllib.request.Request(url, body, headers, method="POST")  # noqa: S310 (http URL checked above)
        barrier.wait()
        # The test server's listen backlog is small: a refused connect is retried, as a client would.
        for _attempt in range(5):
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    statuses.append(response.status)
                    return
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
                return
            except (urllib.error.URLError, ConnectionError):
                continue
        statuses.append(-1)  # never answered

    threads = [threading.Thread(target=apply) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(statuses) == 50
    assert sorted(set(statuses)) == [201, 409], statuses
    assert statuses.count(201) == 1
    assert Application.objects.filter(job=job, candidate=candidate).count() == 1
    assert Job.objects.get(pk=job.pk).application_count == 1
