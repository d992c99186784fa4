import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import Notification
from accounts.tests.factories import NotificationFactory
from jobs.tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_in_the_one_error_shape(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
            "fields": {},
        }
    }
    assert response["WWW-Authenticate"].startswith("X-Session-Token")


def test_malformed_json_is_a_400_in_the_same_shape(client, candidate):
    client.force_login(candidate.user)
    response = client.patch("/api/v1/me/", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"


def test_role_and_email_cannot_be_changed_here(client, candidate):
    client.force_login(candidate.user)
    client.patch("/api/v1/me/", {"role": "staff", "email": "x@example.com"}, content_type="application/json")
    candidate.user.refresh_from_db()
    assert candidate.user.role == "candidate" and candidate.user.email != "x@example.com"


def test_users_are_throttled_with_retry_after(client, candidate, monkeypatch):
    cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "2/min", "uploads": "1/min"})
    client.force_login(candidate.user)
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]
    response = client.get("/api/v1/me/")
    assert response.json()["error"]["code"] == "throttled" and int(response["Retry-After"]) > 0
    cache.clear()


def test_notifications_with_unread_count_and_fixed_queries(client, candidate, django_assert_num_queries):
    job = JobFactory()
    NotificationFactory.create_batch(3, user=candidate.user, job=job)
    NotificationFactory()  # someone else's
    client.force_login(candidate.user)
    with django_assert_num_queries(4):  # session, user, the page with its job and company, the unread count
        page = client.get("/api/v1/notifications/?page_size=2").json()
    assert page["unread_count"] == 3 and len(page["results"]) == 2
    assert page["results"][0]["job"]["company"] == job.company.name
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 3, "unread_count": 0}
    assert not Notification.objects.filter(user=candidate.user, is_read=False).exists()


def test_employer_dashboard_figures(client, employer, django_assert_max_num_queries):
    job = JobFactory(company=employer.company)
    ApplicationFactory(job=job, status="interview")
    ApplicationFactory(job=job, status="applied")
    ApplicationFactory(job=job, status="withdrawn")
    ApplicationFactory()  # another company's
    client.force_login(employer.user)
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/dashboard/").json()
    assert (data["active_jobs"], data["applications"], data["new"], data["interviews"]) == (1, 3, 1, 1)
    assert data["response_rate"] == 0.5  # one answered of the two not withdrawn
    assert len(data["applications_per_day"]) == 30 and data["applications_per_day"][-1]["applications"] == 3


def test_every_operation_is_documented_with_examples_and_errors(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in methods.items()
    ]
    assert len(operations) > 40
    for path, method, operation in operations:
        assert {"200", "201", "202", "204"} & set(operation["responses"]), (path, method)
        assert "429" in operation["responses"], (path, method)
    undocumented = [
        (path, method)
        for path, method, operation in operations
        if method in {"post", "patch"}
        and "requestBody" in operation
        and not any("examples" in media for media in operation["requestBody"]["content"].values())
        and not path.endswith(("/default/", "/read/", "/read-all/", "/publish/", "/close/", "/withdraw/"))
        # multipart: the schema lists the form's fields with their help text instead
        and path != "/api/v1/me/cvs/"
    ]
    assert undocumented == []


# --- me/notification-preferences/ ----------------------------------------------------------------

PREFERENCES = "/api/v1/me/notification-preferences/"


def test_preferences_list_the_roles_kinds(client, candidate, django_assert_max_num_queries):
    candidate.user.email_opt_outs = ["system"]
    candidate.user.save()
    client.force_login(candidate.user)
    with django_assert_max_num_queries(3):
        response = client.get(PREFERENCES)
    assert response.json() == {
        "preferences": [
            {"type": "application_status", "label": "Application status changed", "email": True},
            {"type": "interview", "label": "Interview", "email": True},
            {"type": "message", "label": "Message from an employer", "email": True},
            {"type": "system", "label": "System", "email": False},
        ]
    }


def test_patching_a_preference_changes_that_kind_only(client, employer):
    client.force_login(employer.user)
    body = {"preferences": [{"type": "application_withdrawn", "email": False}]}
    response = client.patch(PREFERENCES, body, content_type="application/json")
    assert response.status_code == 200
    emailed = {entry["type"]: entry["email"] for entry in response.json()["preferences"]}
    assert emailed["application_withdrawn"] is False and emailed["application_received"] is True
    employer.user.refresh_from_db()
    assert employer.user.email_opt_outs == ["application_withdrawn"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"preferences": [{"type": "application_received", "email": False}]}, "preferences"),  # not a candidate's
        ({"preferences": [{"type": "newsletter", "email": False}]}, "preferences"),
        ({"preferences": [{"type": "system"}]}, "preferences"),
        ({}, "preferences"),
    ],
)
def test_a_wrong_preference_is_a_400_and_nothing_changes(client, candidate, body, field):
    client.force_login(candidate.user)
    response = client.patch(PREFERENCES, body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    candidate.user.refresh_from_db()
    assert candidate.user.email_opt_outs == []
