import pytest

from alerts.models import Alert
from alerts.tests.factories import AlertFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, candidate):
    client.force_login(candidate.user)
    return client


def test_an_alert_is_created_from_the_searchs_parameters(api, candidate):
    response = api.post(
        "/api/v1/alerts/",
        {"search": {"q": "python", "location": "Lyon", "page": "2"}, "frequency": "weekly"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["search"] == {"location": "Lyon", "q": "python"} and body["name"] == "python · Lyon"
    assert Alert.objects.get(user=candidate.user).frequency == "weekly"


def test_a_search_the_jobs_endpoint_rejects_is_a_400_in_the_error_shape(api):
    response = api.post("/api/v1/alerts/", {"search": {"job_type": "astronaut"}}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_search" and "job_type" in response.json()["error"]["fields"]
    assert not Alert.objects.exists()


def test_the_same_search_twice_is_a_409(api, candidate):
    AlertFactory(user=candidate.user)
    response = api.post("/api/v1/alerts/", {"search": {"q": "python"}}, content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "alert_exists"


def test_pause_rename_and_delete(api, candidate):
    alert = AlertFactory(user=candidate.user)
    response = api.patch(
        f"/api/v1/alerts/{alert.pk}/",
        {"is_paused": True, "name": "Python", "search": {"q": "go"}},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["is_paused"], response.json()["name"], response.json()["search"]) == (
        True,
        "Python",
        {"q": "python"},  # the search is what the alert was saved as
    )
    assert api.delete(f"/api/v1/alerts/{alert.pk}/").status_code == 204
    assert not Alert.objects.exists()


def test_the_list_is_the_users_own_in_a_fixed_number_of_queries(api, candidate, django_assert_max_num_queries):
    for word in ("python", "django", "go"):
        AlertFactory(user=candidate.user, params={"q": word}, query_key=word)
    AlertFactory()
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/alerts/")
    assert len(response.json()["results"]) == 3


def test_the_endpoints_are_in_the_schema(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/alerts/" in schema and "/api/v1/alerts/{id}/" in schema
