import pytest


@pytest.mark.django_db
def test_openapi_schema_is_valid_and_documents_the_search(client):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    schema = client.get("/api/schema/", headers={"Accept": "application/json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/jobs/"]["get"]["parameters"]}
    assert {"q", "ordering", "cursor", "location", "job_type", "salary_min", "posted_within"} <= parameters
    assert client.get("/api/docs/").status_code == 200
