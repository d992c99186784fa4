"""Background work (django.tasks): run by the worker in production, inline in development."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse

from accounts.models import Notification
from accounts.tokens import unsubscribe_token
from intowork.emails import send_or_retry, templated_email


@task(queue_name="default")
def send_notification_email(*, notification_id: int, attempt: int = 1) -> bool:
    """Email one notification. The in-app notification exists regardless. Its recipient may
    have turned this kind's emails off since it was queued: then nothing is sent.

    Every such email carries a one-click unsubscribe for its kind (RFC 8058): mail clients show
    an "Unsubscribe" button that POSTs to the link, which needs no login."""
    notification = Notification.objects.select_related("user", "job", "application").filter(pk=notification_id).first()
    if notification is None or not notification.user.is_active:
        return False
    user = notification.user
    if not user.wants_email(notification.type):
        return False
    token = unsubscribe_token(user_id=user.pk, type=notification.type)
    unsubscribe_url = settings.SITE_URL + reverse("accounts:unsubscribe", args=[token])
    message = templated_email(
        "accounts/email/notification",
        to=user.email,
        context={
            "notification": notification,
            "user": user,
            "site_url": settings.SITE_URL,
            "unsubscribe_url": unsubscribe_url,
            "settings_url": settings.SITE_URL + reverse("accounts:notification_settings"),
        },
        language=user.language,
        time_zone=user.time_zone,
    )
    message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return send_or_retry(message, task=send_notification_email, attempt=attempt, notification_id=notification_id)


@task(queue_name="default")
def send_account_email(*, subject: str, body: str, html: str, to: list[str], attempt: int = 1) -> bool:
    """Send one of allauth's emails (verification, password reset, security notices), rendered
    during the request by ``accounts.adapter.AccountAdapter``. Off the request path, a mail
    server that is down costs the visitor nothing: the sign-up still succeeds and the email is
    retried. Its link is a secret: it is kept out of the logs."""
    message = EmailMultiAlternatives(subject, body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return send_or_retry(
        message,
        task=send_account_email,
        attempt=attempt,
        log={"recipients": len(to)},
        subject=subject,
        body=body,
        html=html,
        to=to,
    )
