"""Private notes on an application and @mentions that notify teammates."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Notification, NotificationType
from hiring import services
from hiring.models import ApplicationNote
from intowork.exceptions import ServiceError
from jobs.tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(employer):
    grace = MembershipFactory(
        company=employer.company, user__full_name="Grace Hopper", user__email="grace.h@acme.example"
    )
    ada = MembershipFactory(company=employer.company, user__full_name="Ada Lovelace", user__email="ada@acme.example")
    return grace.user, ada.user


def mentions(user):
    return Notification.objects.filter(user=user, type=NotificationType.MENTION)


def test_mentions_by_first_name_local_part_or_address_notify_once(application, employer, team):
    grace, ada = team
    outsider = MembershipFactory(user__full_name="Linus Torvalds").user
    note = services.note_add(
        application=application,
        by=employer.user,
        body="@grace and @Grace.H, look; @ada@acme.example too. Not @linus, not me@example.com",
    )
    assert set(note.mentioned.all()) == {grace, ada}
    assert mentions(grace).count() == 1 and mentions(ada).count() == 1
    assert not mentions(outsider).exists()
    assert (
        mentions(grace).get().title
        == f"{employer.user.display_name} mentioned you about {application.candidate.user.display_name}"
    )


def test_an_ambiguous_handle_mentions_nobody(application, employer, team):
    MembershipFactory(company=employer.company, user__full_name="Grace Hopper", user__email="grace.k@acme.example")
    note = services.note_add(application=application, by=employer.user, body="@grace, thoughts? 100% sure")
    assert not note.mentioned.exists()


def test_empty_notes_are_refused(application, employer):
    with pytest.raises(ServiceError, match="Write the note first"):
        services.note_add(application=application, by=employer.user, body="   ")
    with pytest.raises(IntegrityError, match="hiring_note_not_empty_check"), transaction.atomic():
        ApplicationNote.objects.create(application=application, author=employer.user, body="")


def test_notes_on_the_page_and_never_to_the_candidate(client, application, employer, team, django_assert_num_queries):
    client.force_login(employer.user)
    url = reverse("employer_hiring:note_add", args=[application.pk])
    client.post(url, {"body": "Call back on Monday, @ada"})
    client.post(url, {"body": "Portfolio is strong"})
    page = reverse("employer:application_detail", args=[application.pk])
    client.get(page)
    with django_assert_num_queries(13):  # the notes and their mentions: two queries, whatever their number
        html = client.get(page).content.decode()
    assert html.count('class="mb-2 application-note"') == 2
    assert "Call back on Monday" in html
    client.force_login(application.candidate.user)
    assert "Call back on Monday" not in client.get(f"/applications/{application.pk}/").content.decode()
    assert client.get(f"/api/v1/applications/{application.pk}/notes/").status_code == 403


def test_notes_over_the_api(client, application, employer, team):
    client.force_login(employer.user)
    url = f"/api/v1/applications/{application.pk}/notes/"
    created = client.post(url, {"body": "Ping @grace"}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["mentioned"] == [team[0].display_name]
    assert client.post(url, {"body": " "}, content_type="application/json").json()["error"]["code"] == "invalid"
    assert [note["body"] for note in client.get(url).json()] == ["Ping @grace"]
    other = ApplicationFactory()
    assert client.get(f"/api/v1/applications/{other.pk}/notes/").status_code == 404
