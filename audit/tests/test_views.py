"""The company's activity log, page and API: its owners see their own company's events only."""

import pytest
from django.urls import reverse

from accounts.tests.mfa import sign_in_with_mfa
from audit.models import AuditAction, AuditEvent
from audit.tests.factories import AuditEventFactory
from jobs.models import MemberRole
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db
ACTIVITY = "/api/v1/employer/activity/"


@pytest.fixture
def log(employer, staff):
    """Events of the employer's company by a recruiter and by staff, and another company's."""
    recruiter = MembershipFactory(company=employer.company, role=MemberRole.RECRUITER)
    applications = ApplicationFactory.create_batch(2, job=JobFactory(company=employer.company))
    mine = [
        AuditEventFactory(application=applications[0], actor=recruiter.user),
        AuditEventFactory(
            application=applications[1],
            actor=recruiter.user,
            action=AuditAction.APPLICATION_MOVED,
            detail={"from": "viewed", "to": "interview"},
        ),
        AuditEventFactory(application=applications[1], actor=staff),
    ]
    AuditEventFactory(actor=MembershipFactory().user)  # another company's
    return recruiter, mine


def test_the_owner_reads_their_companys_log(client, employer, log, django_assert_max_num_queries):
    recruiter, mine = log
    client.force_login(employer.user)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("audit:activity"))
    assert [event.pk for event in response.context["page"]] == [event.pk for event in reversed(mine)]
    html = response.text
    assert recruiter.user.display_name in html and "IntoWork staff" in html
    # The arrow turns round in Arabic (icon-directional); a screen reader hears "to".
    arrow = '<span class="icon-directional" aria-hidden="true">→</span><span class="visually-hidden">to</span>'
    assert f"Viewed {arrow} Interview" in html


def test_the_log_filters_by_action(client, employer, log):
    client.force_login(employer.user)
    response = client.get(reverse("audit:activity"), {"action": "application_moved"})
    assert [event.action for event in response.context["page"]] == [AuditAction.APPLICATION_MOVED]


def test_an_empty_log_says_so(client, employer):
    client.force_login(employer.user)
    assert "Nothing yet." in client.get(reverse("audit:activity")).text


def test_recruiters_and_candidates_cannot_read_it(client, employer, log, candidate):
    recruiter, _mine = log
    client.force_login(recruiter.user)
    assert client.get(reverse("audit:activity")).status_code == 403
    assert client.get(ACTIVITY).status_code == 403
    client.force_login(candidate.user)
    assert client.get(reverse("audit:activity")).status_code == 403


def test_the_api_lists_the_same_events(client, employer, log, django_assert_max_num_queries):
    _recruiter, mine = log
    client.force_login(employer.user)
    with django_assert_max_num_queries(4):
        response = client.get(ACTIVITY)
    results = response.json()["results"]
    assert [row["id"] for row in results] == [event.pk for event in reversed(mine)]
    assert results[0]["actor"] == "IntoWork staff"
    assert results[1]["detail"] == {"from": "viewed", "to": "interview"}
    assert results[1]["application"]["candidate"] == mine[1].application.candidate.user.display_name
    moved = client.get(ACTIVITY, {"action": "application_moved"}).json()["results"]
    assert [row["id"] for row in moved] == [mine[1].pk]


def test_the_staff_admin_is_read_only(client, staff, log):
    sign_in_with_mfa(client, staff)
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
