"""Who gets what: every /api/v1/ endpoint × {anonymous, candidate, other candidate, employer,
other company's employer, staff, removed recruiter}. What a user may not see is a 404, what they
may see but not change is a 403; a denied write changes nothing. The removed recruiter was a
member of the employer's company, signed in (their token issued), then removed by its owner:
from that moment they get what an employer without a company gets."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from accounts.models import Notification, User
from accounts.tests.factories import NotificationFactory
from alerts.models import Alert
from alerts.tests.factories import AlertFactory
from candidates.models import CV, Education, Experience, SavedJob, Skill
from candidates.tests.factories import (
    PDF_BYTES,
    CandidateProfileFactory,
    CVFactory,
    EducationFactory,
    ExperienceFactory,
    SavedJobFactory,
    SkillFactory,
)
from hiring import services as hiring_services
from hiring.models import (
    ApplicationMessage,
    ApplicationNote,
    BulkMove,
    Interview,
    Interviewer,
    MessageTemplate,
    Scorecard,
    ScorecardAttribute,
)
from hiring.tests.factories import InterviewerFactory, InterviewFactory, slot
from jobs.models import Application, ApplicationStatusChange, Company, CompanyInvitation, Job, MemberRole, Membership
from jobs.services import membership_remove
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory
from moderation.models import JobReport

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "candidate", "other_candidate", "employer", "other_employer", "staff", "removed_recruiter")


def expect(anonymous, candidate, other_candidate, employer, other_employer, staff, removed_recruiter=None):
    """``removed_recruiter`` defaults to what another company's employer gets (nothing of this
    company's); it differs where having no company at all answers otherwise."""
    if removed_recruiter is None:
        removed_recruiter = other_employer
    statuses = (anonymous, candidate, other_candidate, employer, other_employer, staff, removed_recruiter)
    return dict(zip(ROLES, statuses, strict=True))


EVERYONE_200 = expect(200, 200, 200, 200, 200, 200)
SIGNED_IN_200 = expect(401, 200, 200, 200, 200, 200)
# Candidate-only collections: each candidate works on their own.
CANDIDATE_LIST = expect(401, 200, 200, 403, 403, 403)
CANDIDATE_CREATE = expect(401, 201, 201, 403, 403, 403)
CANDIDATE_ROW = expect(401, 200, 404, 403, 403, 403)
CANDIDATE_ROW_DELETE = expect(401, 204, 404, 403, 403, 403)
EMPLOYER_LIST = expect(401, 403, 403, 200, 200, 403)
EMPLOYER_ROW = expect(401, 403, 403, 200, 404, 403)
EMPLOYER_ROW_DELETE = expect(401, 403, 403, 204, 404, 403)

EXPERIENCE = {"title": "Developer", "company_name": "Initech", "start_date": "2020-01-01"}
EDUCATION = {"school": "Lyon 1", "degree": "MSc", "start_date": "2015-09-01"}
JOB = {"title": "Welder", "description": "Weld.", "salary_min": 30000, "salary_max": 40000}
INTERVIEW = {
    "application": "{application}",
    "starts_at": "{later}",
    "time_zone": "Europe/Paris",
    "video_url": "https://meet.example/a",
    "interviewers": ["{employer_user}"],
}

# (method, path with {placeholders} from the world, body, multipart?, expected by role)
MATRIX = {
    "jobs list": ("get", "/api/v1/jobs/", None, EVERYONE_200),
    "job suggestions": ("get", "/api/v1/jobs/suggestions/?q=wel", None, EVERYONE_200),
    "withdraw with a reason": (
        "post",
        "/api/v1/applications/{application}/withdraw/",
        {"reason": "salary", "note": "Too low."},
        expect(401, 200, 404, 403, 404, 403),
    ),
    "job detail": ("get", "/api/v1/jobs/{job}/", None, EVERYONE_200),
    # Anyone may report a public job, guests included (rate limited: moderation/tests).
    "report a job": ("post", "/api/v1/jobs/{job}/report/", {"reason": "scam"}, expect(201, 201, 201, 201, 201, 201)),
    "company page": ("get", "/api/v1/companies/{company_slug}/", None, EVERYONE_200),
    "me": ("get", "/api/v1/me/", None, SIGNED_IN_200),
    "me update": ("patch", "/api/v1/me/", {"full_name": "Zed"}, SIGNED_IN_200),
    # Only with a password confirmed in the last minutes, which these sessions lack (the
    # confirmed deletion and the last owner's refusal: privacy/tests/test_account_delete.py).
    "download my data": ("post", "/api/v1/me/data-exports/", None, expect(401, 202, 202, 202, 202, 202)),
    "my data exports": ("get", "/api/v1/me/data-exports/", None, SIGNED_IN_200),
    "policies to accept": ("get", "/api/v1/me/policies/", None, SIGNED_IN_200),
    "accept the policies": ("post", "/api/v1/me/policies/", None, SIGNED_IN_200),
    "delete my account": ("delete", "/api/v1/me/", None, expect(401, 403, 403, 403, 403, 403)),
    "notification preferences": ("get", "/api/v1/me/notification-preferences/", None, SIGNED_IN_200),
    "notification preferences edit": (
        "patch",
        "/api/v1/me/notification-preferences/",
        {"preferences": [{"type": "system", "email": False}]},
        SIGNED_IN_200,
    ),
    "experiences": ("get", "/api/v1/me/experiences/", None, CANDIDATE_LIST),
    "experience add": ("post", "/api/v1/me/experiences/", EXPERIENCE, CANDIDATE_CREATE),
    "experience": ("get", "/api/v1/me/experiences/{experience}/", None, CANDIDATE_ROW),
    "experience edit": ("patch", "/api/v1/me/experiences/{experience}/", {"title": "CTO"}, CANDIDATE_ROW),
    "experience delete": ("delete", "/api/v1/me/experiences/{experience}/", None, CANDIDATE_ROW_DELETE),
    "educations": ("get", "/api/v1/me/educations/", None, CANDIDATE_LIST),
    "education add": ("post", "/api/v1/me/educations/", EDUCATION, CANDIDATE_CREATE),
    "education": ("get", "/api/v1/me/educations/{education}/", None, CANDIDATE_ROW),
    "education edit": ("patch", "/api/v1/me/educations/{education}/", {"degree": "PhD"}, CANDIDATE_ROW),
    "education delete": ("delete", "/api/v1/me/educations/{education}/", None, CANDIDATE_ROW_DELETE),
    "skills": ("get", "/api/v1/me/skills/", None, CANDIDATE_LIST),
    "skill add": ("post", "/api/v1/me/skills/", {"name": "Welding"}, CANDIDATE_CREATE),
    "skill": ("get", "/api/v1/me/skills/{skill}/", None, CANDIDATE_ROW),
    "skill edit": ("patch", "/api/v1/me/skills/{skill}/", {"level": "expert"}, CANDIDATE_ROW),
    "skill delete": ("delete", "/api/v1/me/skills/{skill}/", None, CANDIDATE_ROW_DELETE),
    "cvs": ("get", "/api/v1/me/cvs/", None, CANDIDATE_LIST),
    "cv upload": ("post", "/api/v1/me/cvs/", "multipart", CANDIDATE_CREATE),
    "cv": ("get", "/api/v1/me/cvs/{cv}/", None, CANDIDATE_ROW),
    "cv set default": ("post", "/api/v1/me/cvs/{cv}/default/", None, CANDIDATE_ROW),
    "cv download": ("get", "/api/v1/me/cvs/{cv}/download/", None, CANDIDATE_ROW),
    "cv delete": ("delete", "/api/v1/me/cvs/{cv}/", None, CANDIDATE_ROW_DELETE),
    "saved jobs": ("get", "/api/v1/saved-jobs/", None, CANDIDATE_LIST),
    "save a job": ("post", "/api/v1/saved-jobs/", {"job": "{other_job}"}, CANDIDATE_CREATE),
    "forget a saved job": ("delete", "/api/v1/saved-jobs/{saved_job}/", None, CANDIDATE_ROW_DELETE),
    "applications": ("get", "/api/v1/applications/", None, SIGNED_IN_200),
    "apply": ("post", "/api/v1/applications/", {"job": "{other_job}"}, CANDIDATE_CREATE),
    "application": ("get", "/api/v1/applications/{application}/", None, expect(401, 200, 404, 200, 404, 200)),
    "application cv": ("get", "/api/v1/applications/{application}/cv/", None, expect(401, 200, 404, 200, 404, 200)),
    "withdraw": ("post", "/api/v1/applications/{application}/withdraw/", None, expect(401, 200, 404, 403, 404, 403)),
    "move": (
        "post",
        "/api/v1/applications/{application}/status/",
        {"status": "shortlisted"},
        expect(401, 403, 404, 200, 404, 403),
    ),
    "notifications": ("get", "/api/v1/notifications/", None, SIGNED_IN_200),
    "notification": ("get", "/api/v1/notifications/{notification}/", None, expect(401, 200, 404, 404, 404, 404)),
    "read one": ("post", "/api/v1/notifications/{notification}/read/", None, expect(401, 200, 404, 404, 404, 404)),
    "read all": ("post", "/api/v1/notifications/read-all/", None, SIGNED_IN_200),
    "dashboard": ("get", "/api/v1/dashboard/", None, SIGNED_IN_200),
    "company": ("get", "/api/v1/employer/company/", None, expect(401, 403, 403, 200, 200, 403, 404)),
    # Without a company any more, the removed recruiter may start one of their own.
    "company create": (
        "post",
        "/api/v1/employer/company/",
        {"name": "Again"},
        expect(401, 403, 403, 409, 409, 403, 201),
    ),
    "company edit": (
        "patch",
        "/api/v1/employer/company/",
        {"description": "New."},
        expect(401, 403, 403, 200, 200, 403, 404),
    ),
    "members": ("get", "/api/v1/employer/company/members/", None, EMPLOYER_LIST),
    "member role": (
        "patch",
        "/api/v1/employer/company/members/{colleague}/",
        {"role": "owner"},
        expect(401, 403, 403, 200, 404, 403),
    ),
    "member remove": ("delete", "/api/v1/employer/company/members/{colleague}/", None, EMPLOYER_ROW_DELETE),
    "invitations": ("get", "/api/v1/employer/company/invitations/", None, EMPLOYER_LIST),
    "invite": (
        "post",
        "/api/v1/employer/company/invitations/",
        {"email": "friend@example.com"},
        expect(401, 403, 403, 201, 201, 403, 404),
    ),
    "invitation revoke": ("delete", "/api/v1/employer/company/invitations/{invitation}/", None, EMPLOYER_ROW_DELETE),
    "invitation resend": ("post", "/api/v1/employer/company/invitations/{invitation}/resend/", None, EMPLOYER_ROW),
    "company jobs": ("get", "/api/v1/employer/jobs/", None, EMPLOYER_LIST),
    "job create": ("post", "/api/v1/employer/jobs/", JOB, expect(401, 403, 403, 201, 201, 403, 409)),
    "company job": ("get", "/api/v1/employer/jobs/{job}/", None, EMPLOYER_ROW),
    "job edit": ("patch", "/api/v1/employer/jobs/{job}/", {"title": "Senior Welder"}, EMPLOYER_ROW),
    "job delete": ("delete", "/api/v1/employer/jobs/{draft}/", None, EMPLOYER_ROW_DELETE),
    "job publish": ("post", "/api/v1/employer/jobs/{draft}/publish/", None, EMPLOYER_ROW),
    "job close": ("post", "/api/v1/employer/jobs/{job}/close/", None, EMPLOYER_ROW),
    # Job alerts: anyone signed in keeps their own; another's is a 404.
    "alerts": ("get", "/api/v1/alerts/", None, SIGNED_IN_200),
    "alert add": ("post", "/api/v1/alerts/", {"search": {"q": "welder"}}, expect(401, 201, 201, 201, 201, 201)),
    "alert": ("get", "/api/v1/alerts/{alert}/", None, expect(401, 200, 404, 404, 404, 404)),
    "alert pause": ("patch", "/api/v1/alerts/{alert}/", {"is_paused": True}, expect(401, 200, 404, 404, 404, 404)),
    "alert delete": ("delete", "/api/v1/alerts/{alert}/", None, expect(401, 204, 404, 404, 404, 404)),
    # Each owner reads their own company's log (another's events never show: audit/tests).
    "activity log": ("get", "/api/v1/employer/activity/", None, expect(401, 403, 403, 200, 200, 403, 403)),
    "interviews": ("get", "/api/v1/interviews/", None, SIGNED_IN_200),
    "interview": ("get", "/api/v1/interviews/{interview}/", None, expect(401, 200, 404, 200, 404, 200)),
    # Another company's application is "does not exist" in the body: a 400, like a wrong id.
    "schedule an interview": ("post", "/api/v1/interviews/", INTERVIEW, expect(401, 403, 403, 201, 400, 403)),
    "answer an interview": (
        "post",
        "/api/v1/interviews/{interview}/respond/",
        {"response": "accepted"},
        expect(401, 200, 404, 403, 404, 403),
    ),
    "move an interview": (
        "post",
        "/api/v1/interviews/{interview}/reschedule/",
        {"starts_at": "{later}", "time_zone": "Europe/Paris", "video_url": "https://meet.example/b"},
        expect(401, 403, 403, 200, 404, 403),
    ),
    "bulk move": (
        "post",
        "/api/v1/employer/jobs/{job}/bulk-move/",
        {"applications": ["{application}"], "status": "shortlisted"},
        expect(401, 403, 403, 200, 404, 403),
    ),
    # Only the one who moved undoes: everyone else gets 404 (here, no move to undo exists for them).
    "undo a bulk move": ("post", "/api/v1/bulk-moves/{bulk_move}/undo/", None, expect(401, 403, 403, 200, 404, 403)),
    "message templates": ("get", "/api/v1/employer/message-templates/", None, EMPLOYER_LIST),
    "message template create": (
        "post",
        "/api/v1/employer/message-templates/",
        {"name": "Offer", "kind": "offer", "language": "en", "subject": "Welcome", "body": "Hi {{candidate_name}}"},
        expect(401, 403, 403, 201, 201, 403, removed_recruiter=403),
    ),
    "message template": ("get", "/api/v1/employer/message-templates/{template}/", None, EMPLOYER_ROW),
    "message template edit": (
        "patch",
        "/api/v1/employer/message-templates/{template}/",
        {"subject": "About {{job_title}}"},  # fill() formats: {{ }} are braces
        EMPLOYER_ROW,
    ),
    "message template delete": ("delete", "/api/v1/employer/message-templates/{template}/", None, EMPLOYER_ROW_DELETE),
    "messages": ("get", "/api/v1/applications/{application}/messages/", None, expect(401, 200, 404, 200, 404, 200)),
    "send a message": (
        "post",
        "/api/v1/applications/{application}/messages/",
        {"template": "{template}"},
        expect(401, 403, 404, 201, 404, 403),
    ),
    "message preview": (
        "get",
        "/api/v1/applications/{application}/messages/preview/?template={template}",
        None,
        expect(401, 403, 404, 200, 404, 403),
    ),
    "notes": ("get", "/api/v1/applications/{application}/notes/", None, expect(401, 403, 403, 200, 404, 403)),
    "write a note": (
        "post",
        "/api/v1/applications/{application}/notes/",
        {"body": "Strong on lamination"},
        expect(401, 403, 403, 201, 404, 403),
    ),
    "scorecards": ("get", "/api/v1/interviews/{interview}/scorecards/", None, expect(401, 403, 403, 200, 404, 403)),
    # The interview is ahead: the employer, on its panel, is told to wait (a refusal that changes nothing).
    "submit a scorecard": (
        "post",
        "/api/v1/interviews/{interview}/scorecards/",
        {"ratings": [], "recommendation": "yes"},
        expect(401, 403, 403, 400, 404, 403),
    ),
    "scorecard attributes": (
        "get",
        "/api/v1/employer/jobs/{job}/scorecard-attributes/",
        None,
        expect(401, 403, 403, 200, 404, 403),
    ),
    "scorecard attributes edit": (
        "put",
        "/api/v1/employer/jobs/{job}/scorecard-attributes/",
        {"names": ["Welding", "Safety"]},
        expect(401, 403, 403, 200, 404, 403),
    ),
    "cancel an interview": (
        "post",
        "/api/v1/interviews/{interview}/cancel/",
        None,
        expect(401, 403, 403, 200, 404, 403),
    ),
}


def token_for(user) -> str:
    """The X-Session-Token allauth's app client would hold for ``user``: their session key."""
    browser = Client()
    browser.force_login(user)
    return browser.session.session_key


@pytest.fixture
def world(staff):
    candidate = CandidateProfileFactory()
    other_candidate = CandidateProfileFactory()
    employer = MembershipFactory()
    other_employer = MembershipFactory()
    job = JobFactory(company=employer.company)
    cv = CVFactory(candidate=candidate, is_default=True)
    ids = {
        "job": job.pk,
        "other_job": JobFactory(company=other_employer.company).pk,
        "draft": JobFactory(company=employer.company, draft=True, salary_min=1000, salary_max=2000).pk,
        "company_slug": employer.company.slug,
        "experience": ExperienceFactory(candidate=candidate).pk,
        "education": EducationFactory(candidate=candidate).pk,
        "skill": SkillFactory(candidate=candidate).pk,
        "cv": cv.pk,
        "saved_job": SavedJobFactory(candidate=candidate, job=job).job_id,
        "application": ApplicationFactory(candidate=candidate, job=job, cv=cv).pk,
        "notification": NotificationFactory(user=candidate.user).pk,
        "colleague": MembershipFactory(company=employer.company, role=MemberRole.RECRUITER).pk,
        "invitation": CompanyInvitation.objects.create(
            company=employer.company, email="invited@example.com", token="invited"
        ).pk,
        "alert": AlertFactory(user=candidate.user).pk,
    }
    removed = MembershipFactory(company=employer.company, role=MemberRole.RECRUITER)
    interview = InterviewFactory(application=Application.objects.get(pk=ids["application"]), during=slot(days=2))
    InterviewerFactory(interview=interview, user=employer.user)
    bulk = hiring_services.applications_bulk_move(
        job=job, applications=[ApplicationFactory(job=job, status="viewed")], to="shortlisted", by=employer.user
    )
    template = MessageTemplate.objects.create(
        company=employer.company, name="No", language="en", subject="{job_title}", body="Sorry {candidate_name}"
    )
    ids |= {
        "template": template.pk,
        "bulk_move": bulk.bulk_move.pk,
        "interview": interview.pk,
        "employer_user": employer.user.pk,
        "later": slot(days=5).lower.isoformat(),
    }
    users = {
        "candidate": candidate.user,
        "other_candidate": other_candidate.user,
        "employer": employer.user,
        "other_employer": other_employer.user,
        "staff": staff,
        "removed_recruiter": removed.user,
    }
    tokens = {role: token_for(user) for role, user in users.items()}
    membership_remove(membership=removed, by=employer.user)  # signed in, then removed
    return ids, tokens


def snapshot():
    """Everything an endpoint could write, to prove a denied request wrote nothing."""
    rows = [
        (Experience, ["id", "title"]),
        (Education, ["id", "degree"]),
        (Skill, ["id", "name", "level"]),
        (CV, ["id", "is_default"]),
        (SavedJob, ["id"]),
        (Application, ["id", "status", "employer_notes"]),
        (ApplicationStatusChange, ["id"]),
        (Job, ["id", "status", "title"]),
        (Company, ["id", "description"]),
        (Membership, ["id", "role"]),
        (CompanyInvitation, ["id", "expires_at"]),
        (Notification, ["id", "is_read"]),
        (User, ["id", "full_name", "email_opt_outs"]),
        (JobReport, ["id", "status"]),
        (Alert, ["id", "is_paused"]),
        (Interview, ["id", "status", "sequence", "during"]),
        (Interviewer, ["id", "is_booked", "during"]),
        (Scorecard, ["id"]),
        (ApplicationNote, ["id"]),
        (BulkMove, ["id", "undone_at"]),
        (MessageTemplate, ["id", "subject"]),
        (ApplicationMessage, ["id"]),
        (ScorecardAttribute, ["id", "name", "position"]),
    ]
    return {model.__name__: list(model.objects.order_by("pk").values_list(*fields)) for model, fields in rows}


def fill(value, ids):
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize("endpoint", MATRIX)
def test_permission_matrix(client, world, endpoint):
    method, path, body, expected = MATRIX[endpoint]
    ids, tokens = world
    url = fill(path, ids)
    statuses = {}
    for role in ROLES:
        cache.clear()  # cached searches and throttle counters start afresh for each caller
        headers = {"X-Session-Token": tokens[role]} if role in tokens else {}
        with transaction.atomic():  # each caller meets the same world: roll back what they did
            before = snapshot()
            if body == "multipart":
                upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")
                response = client.post(url, {"file": upload}, headers=headers)
            elif body is not None:
                response = getattr(client, method)(
                    url, fill(body, ids), content_type="application/json", headers=headers
                )
            else:
                response = getattr(client, method)(url, headers=headers)
            statuses[role] = response.status_code
            if response.status_code >= 400:
                assert set(response.json()) == {"error"}, (role, response.content)
                assert snapshot() == before, f"{role} was refused ({response.status_code}) but something changed"
            transaction.set_rollback(True)
    assert statuses == expected
