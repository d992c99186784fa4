"""The employer's company and job-posting pages (jobs/employer_job_views.py)."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import Role
from accounts.tests.factories import UserFactory
from jobs.models import Company, CompanyInvitation, Employer, Job, JobStatus, MemberRole
from jobs.tests.factories import CompanyFactory, EmployerFactory, JobFactory

pytestmark = pytest.mark.django_db


def png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def owner_client(client, employer):
    client.force_login(employer.user)
    return client


@pytest.fixture
def recruiter(employer):
    return EmployerFactory(company=employer.company, role=MemberRole.RECRUITER)


@pytest.fixture
def newcomer(db):
    """An employer who belongs to no company yet."""
    return UserFactory(role=Role.EMPLOYER, email="newcomer@example.com")


def job_data(**overrides) -> dict:
    data = {
        "title": "Backend developer",
        "description": "Build our payments API.",
        "requirements": "Three years of Python.",
        "skills": "Python, Django , python,, PostgreSQL",
        "location": "Lyon",
        "location_type": "hybrid",
        "job_type": "full_time",
        "salary_min": "50000",
        "salary_max": "65000",
        "salary_currency": "eur",
        "expires_at": "",
    }
    return {**data, **overrides}


def job_url(name: str, job) -> str:
    return reverse(f"employer:{name}", args=[job.pk])


# --- Who may open what ------------------------------------------------------------------------

JOB_PAGES = [
    ("get", "job_edit"),
    ("get", "job_preview"),
    ("get", "job_delete"),
    ("post", "job_edit"),
    ("post", "job_publish"),
    ("post", "job_close"),
    ("post", "job_archive"),
    ("post", "job_delete"),
]
COMPANY_PAGES = [
    ("get", "home"),
    ("get", "job_list"),
    ("get", "job_create"),
    ("post", "job_create"),
    ("get", "company"),
    ("post", "company"),
    ("get", "company_create"),
    ("post", "company_create"),
    ("get", "company_edit"),
    ("post", "company_edit"),
    ("get", "company_logo"),
]


@pytest.mark.parametrize(("method", "name"), JOB_PAGES)
def test_job_pages_deny_visitors_candidates_and_other_companies(client, employer, candidate, method, name):
    job = JobFactory(company=employer.company, draft=True)
    url = job_url(name, job)
    data = job_data(title="Hijacked") if method == "post" else None

    response = getattr(client, method)(url, data)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))

    client.force_login(candidate.user)
    assert getattr(client, method)(url, data).status_code == 403

    client.force_login(EmployerFactory().user)
    assert getattr(client, method)(url, data).status_code == 404

    client.force_login(UserFactory(role=Role.EMPLOYER))  # no company at all
    assert getattr(client, method)(url, data).status_code == 404

    unchanged = Job.objects.get(pk=job.pk)
    assert (unchanged.title, unchanged.status) == (job.title, JobStatus.DRAFT)


@pytest.mark.parametrize(("method", "name"), COMPANY_PAGES)
def test_company_pages_deny_visitors_and_candidates(client, candidate, method, name):
    url = reverse(f"employer:{name}")
    response = getattr(client, method)(url, {"name": "Mine", "email": "x@example.com"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(candidate.user)
    assert getattr(client, method)(url, {"name": "Mine", "email": "x@example.com"}).status_code == 403
    assert not Company.objects.filter(name="Mine").exists()
    assert not CompanyInvitation.objects.exists()


@pytest.mark.parametrize("name", ["home", "job_list", "job_create", "company", "company_edit"])
def test_an_employer_without_a_company_is_shown_how_to_get_one(client, newcomer, name):
    invitation = CompanyInvitation.objects.create(
        company=CompanyFactory(name="Acme"), email="NEWCOMER@example.com", token="tok-1"
    )
    CompanyInvitation.objects.create(company=CompanyFactory(name="Used"), email=newcomer.email, token="tok-2")
    CompanyInvitation.objects.filter(token="tok-2").update(accepted_at=timezone.now())
    client.force_login(newcomer)
    response = client.get(reverse(f"employer:{name}"))
    assert response.status_code == 200
    assert reverse("employer:company_create") in response.text
    assert list(response.context["invitations"]) == [invitation]
    assert reverse("employer:invitation_accept", args=["tok-1"]) in response.text
    assert "Used" not in response.text


# --- The company ------------------------------------------------------------------------------


def test_creating_the_company_makes_its_owner(client, newcomer):
    client.force_login(newcomer)
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = client.post(
        reverse("employer:company_create"),
        {"name": "Acme", "website": "https://acme.example", "size": "11-50", "location": "Lyon", "logo": logo},
    )
    assert response.status_code == 302 and response.url == reverse("employer:home")
    company = Company.objects.get(name="Acme")
    assert (company.slug, company.size, company.location) == ("acme", "11-50", "Lyon")
    assert Employer.objects.get(user=newcomer).role == MemberRole.OWNER
    assert company.logo.name.startswith("logos/")
    logo_response = client.get(reverse("employer:company_logo"))
    assert logo_response.status_code == 200 and b"".join(logo_response.streaming_content) == png()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "Acme", "website": "not a site"}, "website"),
        ({"name": "Acme", "size": "huge"}, "size"),
        ({"name": "Acme", "logo": SimpleUploadedFile("logo.png", b"<svg></svg>")}, "logo"),
        ({"name": "Acme", "logo": SimpleUploadedFile("logo.gif", b"GIF89a")}, "logo"),
    ],
)
def test_company_form_errors_are_shown_and_nothing_is_created(client, newcomer, data, field):
    client.force_login(newcomer)
    response = client.post(reverse("employer:company_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Company.objects.exists()


def test_a_logo_over_one_megabyte_is_refused(client, newcomer):
    client.force_login(newcomer)
    big = png() + b"\0" * (1024 * 1024)  # still a valid PNG, with trailing bytes
    response = client.post(
        reverse("employer:company_create"), {"name": "Acme", "logo": SimpleUploadedFile("logo.png", big)}
    )
    assert response.context["form"].errors["logo"] == ["A logo can be at most 1 MB."]


def test_a_member_cannot_create_a_second_company(owner_client, employer):
    response = owner_client.post(reverse("employer:company_create"), {"name": "Second"})
    assert response.status_code == 302 and response.url == reverse("employer:company")
    assert not Company.objects.filter(name="Second").exists()


def test_the_owner_edits_the_company_and_removes_the_logo(owner_client, employer):
    employer.company.logo = SimpleUploadedFile("logo.png", png())
    employer.company.save()
    response = owner_client.get(reverse("employer:company_edit"))
    assert reverse("employer:company_logo") in response.text
    response = owner_client.post(
        reverse("employer:company_edit"), {"name": "Acme Renamed", "description": "Payments.", "remove_logo": "on"}
    )
    assert response.status_code == 302 and response.url == reverse("employer:company")
    company = Company.objects.get(pk=employer.company_id)
    assert (company.name, company.description, company.logo.name) == ("Acme Renamed", "Payments.", "")
    assert owner_client.get(reverse("employer:company_logo")).status_code == 404


def test_a_recruiter_sees_the_company_but_cannot_edit_it_or_invite(client, employer, recruiter):
    client.force_login(recruiter.user)
    page = client.get(reverse("employer:company"))
    assert page.status_code == 200 and not page.context["is_owner"]
    assert reverse("employer:company_edit") not in page.text
    assert client.get(reverse("employer:company_edit")).status_code == 403
    assert client.post(reverse("employer:company_edit"), {"name": "Mine"}).status_code == 403
    assert client.post(reverse("employer:company"), {"email": "friend@example.com"}).status_code == 403
    assert Company.objects.get(pk=employer.company_id).name == employer.company.name
    assert not CompanyInvitation.objects.exists() and mail.outbox == []


def test_company_page_lists_members_and_open_invitations_in_fixed_queries(
    owner_client, employer, django_assert_max_num_queries
):
    EmployerFactory.create_batch(3, company=employer.company, role=MemberRole.RECRUITER)
    for n in range(3):
        CompanyInvitation.objects.create(company=employer.company, email=f"i{n}@example.com", token=f"t{n}")
    CompanyInvitation.objects.create(
        company=employer.company, email="done@example.com", token="done", accepted_at=timezone.now()
    )
    with django_assert_max_num_queries(6):  # session, user, membership, members, invitations, unread badge
        response = owner_client.get(reverse("employer:company"))
    assert len(response.context["members"]) == 4
    assert [i.email for i in response.context["invitations"]] == ["i2@example.com", "i1@example.com", "i0@example.com"]


# --- Invitations ------------------------------------------------------------------------------


def invite(client, email):
    return client.post(reverse("employer:company"), {"email": email})


def accept_link(message) -> str:
    return re.search(r"http://\S+(/employer/invitations/[\w-]+/)", message.body).group(1)


def test_an_invitation_is_emailed_after_commit_in_text_and_html(
    owner_client, employer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = invite(owner_client, " friend@example.com ")
    assert response.status_code == 302
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    invitation = CompanyInvitation.objects.get()
    assert (invitation.email, invitation.invited_by) == ("friend@example.com", employer.user)
    assert message.to == ["friend@example.com"]
    assert message.subject == f"[IntoWork] Join {employer.company.name}"
    assert accept_link(message) == reverse("employer:invitation_accept", args=[invitation.token])
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and accept_link(message) in html


def test_inviting_again_sends_the_same_invitation_again(owner_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner_client, "friend@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner_client, "FRIEND@example.com")
    assert CompanyInvitation.objects.count() == 1
    assert len(mail.outbox) == 2 and accept_link(mail.outbox[0]) == accept_link(mail.outbox[1])


@pytest.mark.parametrize(
    ("email", "error"),
    [("not-an-address", "Enter a valid email address."), ("", "This field is required.")],
)
def test_an_invalid_address_is_a_form_error(owner_client, email, error):
    response = invite(owner_client, email)
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [error]
    assert not CompanyInvitation.objects.exists()


def test_inviting_a_member_is_refused(owner_client, recruiter):
    response = invite(owner_client, recruiter.user.email.upper())
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        f"{recruiter.user.email.upper()} is already a member of the company."
    ]
    assert not CompanyInvitation.objects.exists() and mail.outbox == []


@pytest.fixture
def invitation(owner_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner_client, "Newcomer@Example.com")
    return CompanyInvitation.objects.get()


def test_the_invited_employer_accepts_and_becomes_a_recruiter(client, employer, newcomer, invitation):
    url = accept_link(mail.outbox[-1])
    client.force_login(newcomer)
    page = client.get(url)
    assert page.status_code == 200 and f"Join {employer.company.name}" in page.text
    assert not Employer.objects.filter(user=newcomer).exists()  # opening the link changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("employer:home")
    assert Employer.objects.get(user=newcomer).role == MemberRole.RECRUITER
    assert CompanyInvitation.objects.get().accepted_at is not None
    assert client.get(reverse("employer:job_list")).status_code == 200  # the company's pages open


def test_another_address_cannot_accept(client, invitation):
    other = UserFactory(role=Role.EMPLOYER, email="other@example.com")
    client.force_login(other)
    url = reverse("employer:invitation_accept", args=[invitation.token])
    assert "You are signed in as other@example.com" in client.get(url).text
    response = client.post(url)
    assert response.status_code == 400
    assert "This invitation was sent to another email address." in response.text
    assert not Employer.objects.filter(user=other).exists()
    assert CompanyInvitation.objects.get().accepted_at is None


def test_a_used_invitation_says_so(client, newcomer, invitation):
    client.force_login(newcomer)
    url = reverse("employer:invitation_accept", args=[invitation.token])
    client.post(url)
    again = client.post(url)
    assert again.status_code == 409 and "This invitation has already been used." in again.text
    assert "This invitation has already been used." in client.get(url).text
    assert Employer.objects.filter(user=newcomer).count() == 1


def test_an_unknown_token_is_a_clear_404(client, newcomer):
    client.force_login(newcomer)
    response = client.get(reverse("employer:invitation_accept", args=["no-such-token"]))
    assert response.status_code == 404 and "This invitation link is not valid" in response.text


def test_an_invitation_link_asks_visitors_to_sign_in_and_refuses_candidates(client, candidate, invitation):
    url = reverse("employer:invitation_accept", args=[invitation.token])
    client.logout()  # the owner who invited
    response = client.post(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(candidate.user)
    assert client.post(url).status_code == 403
    assert CompanyInvitation.objects.get().accepted_at is None


# --- Writing jobs -----------------------------------------------------------------------------


def test_posting_a_job_saves_a_draft(owner_client, employer):
    response = owner_client.post(reverse("employer:job_create"), job_data(expires_at="2099-06-30"))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job_url("job_preview", job)
    assert (job.status, job.company, job.author, job.slug) == (
        JobStatus.DRAFT,
        employer.company,
        employer.user,
        "backend-developer",
    )
    assert job.skills == ["Python", "Django", "PostgreSQL"]
    assert job.salary_currency == "EUR"
    assert job.expires_at == timezone.make_aware(datetime.datetime(2099, 6, 30, 23, 59, 59, 999999))
    assert job.posted_at is None


def test_a_recruiter_posts_jobs_too(client, recruiter):
    client.force_login(recruiter.user)
    client.post(reverse("employer:job_create"), job_data())
    assert Job.objects.get().company == recruiter.company


def test_save_and_publish_publishes_at_once(owner_client):
    owner_client.post(reverse("employer:job_create"), {**job_data(), "publish": "1"})
    job = Job.objects.get()
    assert job.status == JobStatus.PUBLISHED and job.posted_at is not None


def test_publishing_without_a_salary_range_is_refused_on_the_form(owner_client):
    response = owner_client.post(
        reverse("employer:job_create"), {**job_data(salary_min="", salary_max=""), "publish": "1"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["salary_min"] == [
        "Give a salary range to publish: pay transparency is required."
    ]
    assert not Job.objects.exists()  # neither published nor half-saved
    # The same job is fine as a draft.
    owner_client.post(reverse("employer:job_create"), job_data(salary_min="", salary_max=""))
    assert Job.objects.get().status == JobStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"salary_min": "70000", "salary_max": "50000"}, "salary_max", "The maximum must be at least the minimum."),
        ({"expires_at": "2000-01-01"}, "expires_at", "Choose today or a later day."),
        ({"title": ""}, "title", "This field is required."),
        ({"location_type": "moon"}, "location_type", None),
        ({"salary_min": "-5"}, "salary_min", None),
        ({"skills": "x" * 61}, "skills", None),
    ],
)
def test_job_form_errors_name_their_field_and_save_nothing(owner_client, overrides, field, message):
    response = owner_client.post(reverse("employer:job_create"), job_data(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert message is None or errors == [message]
    assert not Job.objects.exists()


def test_editing_a_job(owner_client, employer):
    job = JobFactory(company=employer.company, draft=True)
    page = owner_client.get(job_url("job_edit", job))
    assert page.status_code == 200 and page.context["form"].initial["title"] == job.title
    response = owner_client.post(job_url("job_edit", job), job_data(title="Senior backend developer"))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.title, job.status) == ("Senior backend developer", JobStatus.DRAFT)


def test_a_published_job_cannot_lose_its_salary(owner_client, employer):
    job = JobFactory(company=employer.company)
    response = owner_client.post(job_url("job_edit", job), job_data(salary_min="", salary_max=""))
    assert response.status_code == 400
    assert response.context["form"].errors["salary_min"] == [
        "A published job shows its salary range: give both amounts."
    ]
    assert response.context["job"].status == JobStatus.PUBLISHED
    assert Job.objects.get(pk=job.pk).salary_min == job.salary_min


def test_an_unchanged_past_expiry_does_not_block_editing(owner_client, employer):
    job = JobFactory(company=employer.company, status=JobStatus.CLOSED)
    Job.objects.filter(pk=job.pk).update(
        posted_at=timezone.now() - datetime.timedelta(days=60), expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    job.refresh_from_db()
    day = timezone.localtime(job.expires_at).date().isoformat()
    response = owner_client.post(job_url("job_edit", job), job_data(expires_at=day, title="Renamed"))
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).title == "Renamed"


# --- Preview and status buttons ---------------------------------------------------------------


def test_the_preview_shows_the_job_as_candidates_will_with_a_banner(owner_client, employer):
    job = JobFactory(company=employer.company, draft=True, title="Pastry chef", description="Croissants daily.")
    response = owner_client.get(job_url("job_preview", job))
    assert response.status_code == 200
    assert "Preview — not published" in response.text
    assert "Pastry chef" in response.text and "Croissants daily." in response.text
    assert job_url("job_publish", job) in response.text and job_url("job_delete", job) in response.text
    assert job_url("job_close", job) not in response.text
    # Candidates still cannot see it.
    owner_client.logout()
    assert owner_client.get(job.get_absolute_url()).status_code == 404


def test_the_preview_of_a_published_job_links_to_its_public_page(owner_client, employer):
    job = JobFactory(company=employer.company)
    response = owner_client.get(job_url("job_preview", job))
    assert "Preview — not published" not in response.text
    assert job.get_absolute_url() in response.text and job_url("job_close", job) in response.text


def test_publish_close_reopen_archive(owner_client, employer):
    job = JobFactory(company=employer.company, status=JobStatus.DRAFT, posted_at=None)
    assert owner_client.post(job_url("job_publish", job)).url == job_url("job_preview", job)
    assert Job.objects.get(pk=job.pk).status == JobStatus.PUBLISHED
    owner_client.post(job_url("job_close", job))
    assert Job.objects.get(pk=job.pk).status == JobStatus.CLOSED
    owner_client.post(job_url("job_publish", job))
    assert Job.objects.get(pk=job.pk).status == JobStatus.PUBLISHED
    response = owner_client.post(job_url("job_archive", job), {"from": "list"})
    assert response.url == reverse("employer:job_list")
    assert Job.objects.get(pk=job.pk).status == JobStatus.ARCHIVED


def test_the_publish_button_without_salary_shows_the_form_with_the_error(owner_client, employer):
    job = JobFactory(company=employer.company, draft=True, title="Baker")
    response = owner_client.post(job_url("job_publish", job))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["salary_min"] == ["Give a salary range to publish: pay transparency is required."]
    assert form["title"].value() == "Baker"
    assert f'action="{job_url("job_edit", job)}"' in response.text
    assert Job.objects.get(pk=job.pk).status == JobStatus.DRAFT


def test_an_impossible_move_is_a_message_and_changes_nothing(owner_client, employer):
    job = JobFactory(company=employer.company, status=JobStatus.ARCHIVED)
    response = owner_client.post(job_url("job_publish", job), follow=True)
    assert "A Archived job cannot become Published." in response.text
    assert Job.objects.get(pk=job.pk).status == JobStatus.ARCHIVED


def test_unknown_methods_are_refused(owner_client, employer):
    job = JobFactory(company=employer.company)
    assert owner_client.get(job_url("job_publish", job)).status_code == 405


def test_deleting_a_draft_after_confirmation(owner_client, employer):
    job = JobFactory(company=employer.company, draft=True)
    page = owner_client.get(job_url("job_delete", job))
    assert page.status_code == 200 and "Delete the draft" in page.text
    assert Job.objects.filter(pk=job.pk).exists()
    response = owner_client.post(job_url("job_delete", job))
    assert response.url == reverse("employer:job_list")
    assert not Job.objects.filter(pk=job.pk).exists()


def test_a_published_job_is_not_deleted(owner_client, employer):
    job = JobFactory(company=employer.company)
    response = owner_client.post(job_url("job_delete", job), follow=True)
    assert "Only a draft can be deleted" in response.text
    assert Job.objects.filter(pk=job.pk).exists()


# --- The list -----------------------------------------------------------------------------------


def test_the_job_list_offers_posting_and_each_jobs_buttons_in_fixed_queries(
    owner_client, employer, django_assert_max_num_queries
):
    draft = JobFactory(company=employer.company, draft=True)
    published = JobFactory(company=employer.company)
    JobFactory.create_batch(3, company=employer.company, status=JobStatus.CLOSED)
    JobFactory(title="Someone else's")
    with django_assert_max_num_queries(6):  # session, user, membership, count, the page, unread badge
        response = owner_client.get(reverse("employer:job_list"))
    html = response.text
    assert reverse("employer:job_create") in html
    assert job_url("job_publish", draft) in html and job_url("job_delete", draft) in html
    assert job_url("job_close", published) in html and job_url("job_delete", published) not in html
    assert "Someone else" not in html
