import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.tests.factories import NotificationFactory
from candidates.tests.factories import SkillFactory
from jobs.models import ApplicationStatus
from jobs.services import application_change_status, application_submit
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- Dashboard ---------------------------------------------------------------------------------


def test_dashboard_sends_each_role_to_its_home(client, employer, staff):
    assert client.get("/dashboard/").url.startswith(reverse("account_login"))
    client.force_login(employer.user)
    assert client.get("/dashboard/").url == "/employer/"
    client.force_login(staff)
    assert client.get("/dashboard/").url == reverse("admin:index")


def test_candidate_dashboard_recommends_matching_jobs_not_applied_to(
    client, candidate, employer, django_assert_max_num_queries
):
    SkillFactory(candidate=candidate, name="Kubernetes")
    candidate.headline = "Site reliability engineer"
    candidate.save()
    matching = JobFactory(title="Platform engineer", skills=["Kubernetes", "Go"])
    by_headline = JobFactory(title="Reliability lead", skills=["Linux"])
    applied = JobFactory(title="Kubernetes operator", company=employer.company)
    JobFactory(title="Accountant", skills=["Excel"], description="Ledgers.", requirements="")
    JobFactory(title="Kubernetes admin", draft=True)
    application = application_submit(candidate=candidate, job=applied)
    application_change_status(application=application, to=ApplicationStatus.INTERVIEW, by=employer.user)
    client.force_login(candidate.user)
    # session, user, profile, three figures, activity, skills, recommendations, unread badge,
    # alerts, upcoming interviews
    with django_assert_max_num_queries(12):
        response = client.get("/dashboard/")
    assert {job.pk for job in response.context["recommended"]} == {matching.pk, by_headline.pk}
    assert {value: n for value, _label, n in response.context["by_status"]}["interview"] == 1
    assert [change.to_status for change in response.context["activity"]] == ["interview", "applied"]
    assert "Kubernetes operator" in response.text
    assert response.text.count(f'hx-post="{matching.get_absolute_url()}save/"') == 1  # one save button per card


def test_dashboard_without_skills_invites_to_complete_the_profile(client, candidate):
    candidate.headline = ""
    candidate.save()
    client.force_login(candidate.user)
    response = client.get("/dashboard/")
    assert list(response.context["recommended"]) == []
    assert "Complete my profile" in response.text


# --- Notifications -------------------------------------------------------------------------------


def test_unread_badge_on_every_page(client, candidate):
    NotificationFactory.create_batch(3, user=candidate.user)
    NotificationFactory(user=candidate.user, is_read=True)
    NotificationFactory()  # someone else's
    client.force_login(candidate.user)
    response = client.get(reverse("jobs:job_list"))
    assert 'id="notification-badge"><span class="badge rounded-pill text-bg-danger">3<' in response.text


def test_notification_list_in_a_fixed_number_of_queries(client, candidate, django_assert_max_num_queries):
    job = JobFactory()
    NotificationFactory.create_batch(3, user=candidate.user, job=job)
    NotificationFactory()
    client.force_login(candidate.user)
    with django_assert_max_num_queries(5):  # session, user, count, rows (jobs joined), badge
        response = client.get(reverse("accounts:notification_list"))
    assert len(response.context["page_obj"]) == 3


def test_mark_one_read_with_htmx_updates_the_row_and_the_badge(client, candidate):
    first, second = NotificationFactory.create_batch(2, user=candidate.user)
    client.force_login(candidate.user)
    response = client.post(reverse("accounts:notification_read", args=[first.pk]), **HTMX)
    assert response.status_code == 200
    assert f'id="notification-{first.pk}"' in response.text
    assert 'hx-swap-oob="true"><span class="badge rounded-pill text-bg-danger">1<' in response.text
    assert list(Notification.objects.filter(is_read=False)) == [second]


def test_mark_all_read_without_javascript(client, candidate):
    NotificationFactory.create_batch(2, user=candidate.user)
    other = NotificationFactory()
    client.force_login(candidate.user)
    response = client.post(reverse("accounts:notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=candidate.user, is_read=False).exists()
    assert Notification.objects.get(pk=other.pk).is_read is False


def test_someone_elses_notification_is_404_and_stays_unread(client, candidate):
    other = NotificationFactory()
    client.force_login(candidate.user)
    assert client.post(reverse("accounts:notification_read", args=[other.pk])).status_code == 404
    assert Notification.objects.get(pk=other.pk).is_read is False
    assert client.post(reverse("accounts:notification_read", args=[other.pk])).status_code == 404


def test_notifications_need_a_login(client):
    assert client.get(reverse("accounts:notification_list")).url.startswith(reverse("account_login"))
