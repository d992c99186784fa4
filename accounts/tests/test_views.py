import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.tests.factories import NotificationFactory
from candidates.tests.factories import SkillFactory
from jobs.models import ApplicationStatus
from jobs.tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_candidate_dashboard_figures_and_recommendations(client, candidate, django_assert_max_num_queries):
    ApplicationFactory(candidate=candidate)
    ApplicationFactory(candidate=candidate, status=ApplicationStatus.INTERVIEW)
    SkillFactory(candidate=candidate, name="Kotlin")
    JobFactory(title="Kotlin developer")
    JobFactory(title="Florist")
    client.force_login(candidate.user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("accounts:dashboard"))
    assert response.context["counts"]["total"] == 2
    assert response.context["counts"]["interview"] == 1
    assert [job.title for job in response.context["recommended"]] == ["Kotlin developer"]


def test_employer_dashboard_lists_only_their_company_jobs(client, employer):
    JobFactory(company=employer.company, title="Ours")
    JobFactory(title="Theirs")
    client.force_login(employer.user)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Ours" in html and "Theirs" not in html


def test_staff_go_to_the_admin(client, staff):
    client.force_login(staff)
    assert client.get(reverse("accounts:dashboard"))["Location"] == reverse("admin:index")


def test_notifications_list_badge_and_mark_read(client, user, django_assert_max_num_queries):
    first, second = NotificationFactory(user=user, title="One"), NotificationFactory(user=user, title="Two")
    NotificationFactory(title="Not yours")
    client.force_login(user)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("accounts:notification_list"))
    html = response.content.decode()
    assert "One" in html and "Two" in html and "Not yours" not in html
    assert '2<span class="visually-hidden"> unread' in html
    partial = client.post(reverse("accounts:notification_read", args=[first.pk]), headers={"HX-Request": "true"})
    assert b"list-group-item-info" not in partial.content
    assert Notification.objects.get(pk=first.pk).is_read
    client.post(reverse("accounts:notifications_read_all"))
    assert Notification.objects.get(pk=second.pk).is_read


def test_someone_elses_notification_is_404(client, user):
    other = NotificationFactory()
    client.force_login(user)
    assert client.post(reverse("accounts:notification_read", args=[other.pk])).status_code == 404
    assert not Notification.objects.get(pk=other.pk).is_read
