"""Both journeys over the API only, as the mobile apps walk them: allauth's headless app
client for the account, X-Session-Token on /api/v1/."""

import re
from urllib.parse import unquote

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Notification, Role, User
from accounts.tests.factories import StaffFactory
from candidates.tests.factories import PDF_BYTES
from jobs.models import Application, ApplicationStatus, Job, JobStatus
from jobs.services import application_change_status, application_submit, company_create
from jobs.tests.factories import JobFactory
from moderation.services import job_approve

pytestmark = pytest.mark.django_db
AUTH = "/_allauth/app/v1/auth"
PASSWORD = "a-long-and-unusual-passphrase"


class App:
    """A mobile app: remembers the session token allauth hands out."""

    def __init__(self, client):
        self.client, self.token = client, None

    def call(self, method, path, data=None, **kwargs):
        headers = {"X-Session-Token": self.token} if self.token else {}
        if data is not None and "content_type" not in kwargs and method != "post_multipart":
            kwargs["content_type"] = "application/json"
        if method == "post_multipart":
            method = "post"
        args = () if data is None else (data,)
        response = getattr(self.client, method)(path, *args, headers=headers, **kwargs)
        if response.get("Content-Type", "").startswith("application/json"):
            self.token = response.json().get("meta", {}).get("session_token") or self.token
        return response

    def sign_up_verify_and_log_in(self, email, role):
        mail.outbox.clear()
        response = self.call(
            "post",
            f"{AUTH}/signup",
            {"email": email, "password": PASSWORD, "role": role, "full_name": "Ana María López"},
        )
        assert response.status_code == 401  # signed up, the email is still to verify
        assert [flow["id"] for flow in response.json()["data"]["flows"] if flow.get("is_pending")] == ["verify_email"]
        key = unquote(re.search(r"/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1))
        response = self.call("post", f"{AUTH}/email/verify", {"key": key})
        # Verified; allauth logs in on verification only if configured to, so the app logs in.
        assert not [flow for flow in response.json()["data"]["flows"] if flow.get("is_pending")]
        assert EmailAddress.objects.get(email=email).verified
        response = self.call("post", f"{AUTH}/login", {"email": email, "password": PASSWORD})
        assert response.status_code == 200 and response.json()["data"]["user"]["email"] == email


def test_candidate_journey(client):
    employer_user = User.objects.create_user("boss@example.com", "x", role=Role.EMPLOYER)
    company = company_create(owner=employer_user, name="Acme")
    job = JobFactory(company=company, title="Python Developer")
    app = App(client)

    app.sign_up_verify_and_log_in("ana@example.com", Role.CANDIDATE)
    me = app.call("get", "/api/v1/me/").json()
    assert (me["email"], me["role"]) == ("ana@example.com", "candidate")
    assert me["candidate_profile"]["headline"] == ""

    # Log out and back in, as the app does on a new phone.
    assert app.call("delete", f"{AUTH}/session").status_code == 401
    app.token = None
    response = app.call("post", f"{AUTH}/login", {"email": "ana@example.com", "password": PASSWORD})
    assert response.status_code == 200 and app.token

    response = app.call(
        "patch", "/api/v1/me/", {"preferred_name": "Ana", "candidate_profile": {"headline": "Backend developer"}}
    )
    assert response.status_code == 200
    assert response.json()["candidate_profile"]["headline"] == "Backend developer"
    assert app.call("post", "/api/v1/me/skills/", {"name": "Python", "level": "expert"}).status_code == 201
    experience = {"title": "Developer", "company_name": "Initech", "start_date": "2020-01-01", "is_current": True}
    assert app.call("post", "/api/v1/me/experiences/", experience).status_code == 201

    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")
    response = app.call("post_multipart", "/api/v1/me/cvs/", {"file": upload, "title": "My CV"})
    assert response.status_code == 201, response.json()
    cv = response.json()
    assert cv["is_default"] is True and cv["content_type"] == "application/pdf"

    response = app.call("post", "/api/v1/applications/", {"job": job.pk, "cv": cv["id"], "cover_letter": "Hello"})
    assert response.status_code == 201, response.json()
    application = response.json()
    assert application["status"] == "applied" and application["cv"]["id"] == cv["id"]
    response = app.call("post", "/api/v1/applications/", {"job": job.pk})
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_applied"
    assert Application.objects.filter(job=job).count() == 1

    # The company moves it; the candidate sees the notification and the new status.
    application_change_status(
        application=Application.objects.get(pk=application["id"]), to="interview", by=employer_user
    )
    notifications = app.call("get", "/api/v1/notifications/").json()
    assert notifications["unread_count"] == 1
    assert notifications["results"][0]["type"] == "application_status"
    assert app.call("post", f"/api/v1/notifications/{notifications['results'][0]['id']}/read/").json()["is_read"]
    detail = app.call("get", f"/api/v1/applications/{application['id']}/").json()
    assert detail["status"] == "interview"
    assert [change["to_status"] for change in detail["history"]] == ["applied", "interview"]
    assert detail["employer_notes"] is None
    dashboard = app.call("get", "/api/v1/dashboard/").json()
    assert dashboard["applications_by_status"]["interview"] == 1 and dashboard["unread_notifications"] == 0


def test_employer_journey(client, candidate):
    app = App(client)
    app.sign_up_verify_and_log_in("hr@example.com", Role.EMPLOYER)
    assert app.call("get", "/api/v1/me/").json()["role"] == "employer"
    assert app.call("get", "/api/v1/employer/company/").status_code == 404

    response = app.call("post", "/api/v1/employer/company/", {"name": "Globex", "industry": "Energy"})
    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "globex" and response.json()["my_role"] == "owner"

    draft = {"title": "Data Engineer", "description": "Pipelines.", "skills": ["SQL"], "location": "Nantes"}
    job = app.call("post", "/api/v1/employer/jobs/", draft).json()
    assert job["status"] == "draft"
    response = app.call("post", f"/api/v1/employer/jobs/{job['id']}/publish/")
    assert response.status_code == 400 and response.json()["error"]["code"] == "salary_required"
    app.call("patch", f"/api/v1/employer/jobs/{job['id']}/", {"salary_min": 40000, "salary_max": 50000})
    response = app.call("post", f"/api/v1/employer/jobs/{job['id']}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"
    # A new company's first job waits for our staff (moderation), who approve it in the admin.
    assert response.json()["moderation"] == "pending"
    assert app.call("get", f"/api/v1/jobs/{job['id']}/").status_code == 404
    job_approve(job=Job.objects.get(pk=job["id"]), by=StaffFactory())
    assert app.call("get", f"/api/v1/employer/jobs/{job['id']}/").json()["moderation"] == "approved"

    application = application_submit(candidate=candidate, job=Job.objects.get(pk=job["id"]))
    notifications = app.call("get", "/api/v1/notifications/").json()
    assert [n["type"] for n in notifications["results"]] == ["application_received", "job_moderation"]
    listed = app.call("get", f"/api/v1/applications/?job={job['id']}").json()["results"]
    assert [a["id"] for a in listed] == [application.pk]
    assert app.call("get", f"/api/v1/applications/{application.pk}/").json()["status"] == "viewed"

    response = app.call(
        "post", f"/api/v1/applications/{application.pk}/status/", {"status": "interview", "note": "Go"}
    )
    assert response.status_code == 200 and response.json()["status"] == "interview"
    assert response.json()["employer_notes"] == "Go"
    response = app.call("post", f"/api/v1/applications/{application.pk}/status/", {"status": "viewed"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_transition"
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.INTERVIEW
    assert Notification.objects.filter(user=candidate.user, type="application_status").count() == 1

    assert app.call("post", f"/api/v1/employer/jobs/{job['id']}/close/").json()["status"] == "closed"
    assert Job.objects.get(pk=job["id"]).status == JobStatus.CLOSED
    dashboard = app.call("get", "/api/v1/dashboard/").json()
    assert (dashboard["role"], dashboard["applications"], dashboard["interviews"]) == ("employer", 1, 1)
