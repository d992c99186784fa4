"""Notification emails per kind: turned off on the settings page or by the one-click link of
an email (RFC 8058), and respected by notify() and by the task that sends them."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from accounts.models import Notification, NotificationType, Role
from accounts.services import notification_emails_set, notify
from accounts.tasks import send_notification_email
from accounts.tests.factories import UserFactory
from accounts.tokens import unsubscribe_token, unsubscribe_token_read
from intowork.exceptions import ServiceError

pytestmark = pytest.mark.django_db

STATUS = NotificationType.APPLICATION_STATUS


def unsubscribe_path(user, kind=STATUS) -> str:
    return reverse("accounts:unsubscribe", args=[unsubscribe_token(user_id=user.pk, type=kind)])


# --- The rule: notify() and the task ---------------------------------------------------------------


def test_notify_keeps_the_in_app_row_but_emails_only_those_who_want_it(django_capture_on_commit_callbacks):
    emailed, muted = UserFactory(), UserFactory(email_opt_outs=[STATUS])
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[emailed, muted], type=STATUS, title="Moved")
    assert Notification.objects.filter(title="Moved").count() == 2
    assert [message.to for message in mail.outbox] == [[emailed.email]]


def test_another_kind_is_still_emailed(django_capture_on_commit_callbacks):
    user = UserFactory(email_opt_outs=[STATUS])
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], type=NotificationType.SYSTEM, title="Maintenance tonight")
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_notify_reads_nothing_to_know_who_wants_email(django_assert_num_queries, django_capture_on_commit_callbacks):
    users = [UserFactory(), UserFactory(email_opt_outs=[STATUS])]
    with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(1):  # the INSERT
        notify(users=users, type=STATUS, title="Moved")


def test_the_task_sends_nothing_if_the_kind_was_turned_off_after_it_was_queued():
    user = UserFactory()
    notification = Notification.objects.create(user=user, type=STATUS, title="Moved")
    notification_emails_set(user=user, emails={STATUS: False})
    assert send_notification_email.call(notification_id=notification.pk) is False
    assert mail.outbox == []


def test_every_notification_email_has_a_one_click_unsubscribe_for_its_kind():
    user = UserFactory()
    notification = Notification.objects.create(user=user, type=STATUS, title="Moved")
    assert send_notification_email.call(notification_id=notification.pk) is True
    (message,) = mail.outbox
    link = re.fullmatch(r"<(http://\S+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_token_read(urlsplit(link).path.split("/")[-2]) == (user.pk, STATUS)
    assert link in message.body and link in message.alternatives[0].content
    assert "/notifications/settings/" in message.body
    assert "Stop emails about “Application status changed”" in message.body


# --- The services ------------------------------------------------------------------------------------


def test_changing_some_kinds_leaves_the_others_as_they_were():
    user = UserFactory(email_opt_outs=[NotificationType.SYSTEM])
    notification_emails_set(user=user, emails={STATUS: False})
    notification_emails_set(user=user, emails={NotificationType.SYSTEM: True, STATUS: False})
    user.refresh_from_db()
    assert user.email_opt_outs == [STATUS]
    assert user.wants_email(NotificationType.SYSTEM) and not user.wants_email(STATUS)


def test_an_unknown_kind_is_refused_and_nothing_changes():
    user = UserFactory()
    with pytest.raises(ServiceError) as refusal:
        notification_emails_set(user=user, emails={STATUS: False, "newsletter": False})
    assert refusal.value.code == "unknown_notification_type"
    user.refresh_from_db()
    assert user.email_opt_outs == []


def test_each_role_is_offered_its_own_kinds_and_the_kinds_nobody_claimed():
    assert NotificationType.for_role(Role.CANDIDATE) == [
        STATUS,
        NotificationType.INTERVIEW,
        NotificationType.MESSAGE,
        NotificationType.SYSTEM,
    ]
    employer_kinds = NotificationType.for_role(Role.EMPLOYER)
    assert STATUS not in employer_kinds and NotificationType.APPLICATION_RECEIVED in employer_kinds
    assert NotificationType.for_role(Role.STAFF) == list(NotificationType)


# --- The one-click link ------------------------------------------------------------------------------


def test_opening_the_link_asks_and_changes_nothing(client):
    user = UserFactory()
    response = client.get(unsubscribe_path(user))
    assert response.status_code == 200
    assert "Stop these emails?" in response.text and "Application status changed" in response.text
    user.refresh_from_db()
    assert user.email_opt_outs == []


def test_a_mail_clients_one_click_post_unsubscribes_without_login_or_csrf_token():
    user, other = UserFactory(), UserFactory()
    mail_client = Client(enforce_csrf_checks=True)  # no cookie, no token: as a mail provider posts
    response = mail_client.post(
        unsubscribe_path(user), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    user.refresh_from_db()
    other.refresh_from_db()
    assert user.email_opt_outs == [STATUS]
    assert other.email_opt_outs == []


def test_the_page_can_turn_the_emails_back_on(client):
    user = UserFactory(email_opt_outs=[STATUS])
    assert "You are already unsubscribed" in client.get(unsubscribe_path(user)).text
    response = client.post(unsubscribe_path(user), {"action": "resubscribe"})
    assert "Emails are back on" in response.text
    user.refresh_from_db()
    assert user.email_opt_outs == []


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        unsubscribe_token(user_id=1, type=STATUS) + "x",  # tampered
        # signed, but by another feature of the site (another salt)
        signing.dumps([1, STATUS]),
    ],
    ids=["garbage", "tampered", "other-salt"],
)
def test_a_link_that_was_not_signed_for_this_is_refused(client, token):
    user = UserFactory(pk=1)
    response = client.post(reverse("accounts:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "This link does not work" in response.text
    user.refresh_from_db()
    assert user.email_opt_outs == []


def test_a_link_for_a_kind_that_no_longer_exists_is_refused(client):
    user = UserFactory()
    response = client.post(reverse("accounts:unsubscribe", args=[unsubscribe_token(user_id=user.pk, type="gone")]))
    assert response.status_code == 400


# --- The settings page -------------------------------------------------------------------------------


def test_the_settings_page_needs_a_login(client):
    response = client.get(reverse("accounts:notification_settings"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_settings_page_lists_the_roles_kinds_ticked_when_emailed(client, django_assert_max_num_queries):
    user = UserFactory(role=Role.CANDIDATE, email_opt_outs=[NotificationType.SYSTEM])
    client.force_login(user)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("accounts:notification_settings"))
    form = response.context["form"]
    kinds = [STATUS, NotificationType.INTERVIEW, NotificationType.MESSAGE, NotificationType.SYSTEM]
    assert [value for value, _label in form.fields["emailed"].choices] == kinds
    assert form["emailed"].value() == kinds[:-1]


def test_unticking_a_kind_on_the_settings_page_turns_its_emails_off(client):
    user = UserFactory(role=Role.EMPLOYER)
    client.force_login(user)
    kept = [NotificationType.APPLICATION_RECEIVED, NotificationType.SYSTEM]
    response = client.post(reverse("accounts:notification_settings"), {"emailed": kept}, follow=True)
    assert "Your email settings are saved." in response.text
    user.refresh_from_db()
    assert user.email_opt_outs == [
        NotificationType.APPLICATION_WITHDRAWN,
        NotificationType.COMPANY_INVITATION,
        NotificationType.JOB_MODERATION,
        NotificationType.INTERVIEW,
        NotificationType.MENTION,
    ]


def test_a_kind_the_form_does_not_offer_is_an_error_and_nothing_changes(client):
    user = UserFactory(role=Role.CANDIDATE)
    client.force_login(user)
    response = client.post(reverse("accounts:notification_settings"), {"emailed": ["application_received"]})
    assert response.status_code == 200 and response.context["form"].errors
    user.refresh_from_db()
    assert user.email_opt_outs == []
