import smtplib

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from accounts.models import Notification, NotificationType
from accounts.services import notify
from accounts.tasks import send_notification_email
from accounts.tests.factories import UserFactory
from intowork.emails import EMAIL_MAX_ATTEMPTS

pytestmark = pytest.mark.django_db


def test_notify_writes_in_app_rows_and_emails_after_commit(django_capture_on_commit_callbacks):
    users = UserFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=users, type=NotificationType.SYSTEM, title="Welcome", message="Hello")
    assert Notification.objects.filter(title="Welcome").count() == 2
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    message = mail.outbox[0]
    assert message.subject == "[IntoWork] Welcome"
    assert [alternative.mimetype for alternative in message.alternatives] == ["text/html"]


def failing_send(failures: int):
    calls = {"n": 0}
    real_send = EmailMultiAlternatives.send

    def send(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(self, *args, **kwargs)

    return send, calls


def test_a_failed_send_is_retried_and_the_notification_kept(monkeypatch):
    notification = Notification.objects.create(user=UserFactory(), type=NotificationType.SYSTEM, title="Hi")
    send, calls = failing_send(failures=2)
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    send_notification_email.call(notification_id=notification.pk)
    assert calls["n"] == 3
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(pk=notification.pk).exists()


def test_sending_gives_up_after_the_last_attempt(monkeypatch, caplog):
    notification = Notification.objects.create(user=UserFactory(), type=NotificationType.SYSTEM, title="Hi")
    send, calls = failing_send(failures=99)
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    send_notification_email.call(notification_id=notification.pk)
    assert calls["n"] == EMAIL_MAX_ATTEMPTS
    assert mail.outbox == []
    assert "given up" in caplog.text
    assert Notification.objects.filter(pk=notification.pk).exists()


@pytest.fixture
def worker_backend(settings, monkeypatch):
    """The durable django-tasks-db backend the production worker uses, instead of the immediate one."""
    from asgiref.local import Local
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(task_backends, "_connections", Local())
    task_backends.__dict__.pop("settings", None)  # Django does not reread TASKS by itself
    yield
    task_backends.__dict__.pop("settings", None)


def test_a_retry_is_deferred_on_the_worker_backend(monkeypatch, worker_backend):
    from django_tasks_db.models import DBTaskResult

    notification = Notification.objects.create(user=UserFactory(), type=NotificationType.SYSTEM, title="Hi")
    send, _calls = failing_send(failures=1)
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    assert send_notification_email.call(notification_id=notification.pk) is False
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"] == {"notification_id": notification.pk, "attempt": 2}
    assert queued.run_after > timezone.now()
    assert mail.outbox == []


# --- allauth's emails (verification, password reset, notices) -----------------------------------


@pytest.fixture
def fresh_rate_limits():
    cache.clear()  # allauth sends one verification per address per 3 min, counted in the cache


def sign_up(client, email: str):
    password = "a-long-unusual-passphrase-42"
    form = {
        "role": "candidate",
        "full_name": "Ada Lovelace",
        "email": email,
        "password1": password,
        "password2": password,
    }
    return client.post("/accounts/signup/", form)


def test_a_mail_server_down_at_sign_up_costs_the_visitor_nothing(client, monkeypatch, caplog, fresh_rate_limits):
    send, calls = failing_send(failures=2)
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    response = sign_up(client, "grace@example.com")
    assert response.status_code == 302  # on to "verify your email", not a 500
    assert calls["n"] == 3  # retried (at once here; later on the worker)
    [message] = mail.outbox
    assert message.to == ["grace@example.com"]
    assert [alternative.mimetype for alternative in message.alternatives] == ["text/html"]
    retries = [record for record in caplog.records if record.getMessage() == "email failed, retrying"]
    assert len(retries) == 2 and retries[0].recipients == 1
    assert not any("/accounts/confirm-email/" in str(vars(record)) for record in caplog.records)  # a secret


def test_allauth_emails_wait_for_the_worker_in_production(client, worker_backend, fresh_rate_limits):
    from django_tasks_db.models import DBTaskResult

    sign_up(client, "ada@example.com")
    assert mail.outbox == []  # nothing sent during the request
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "accounts.tasks.send_account_email"
    assert queued.args_kwargs["kwargs"]["to"] == ["ada@example.com"]
    assert "/accounts/confirm-email/" in queued.args_kwargs["kwargs"]["body"]
