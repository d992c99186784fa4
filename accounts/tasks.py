"""Background work (django.tasks): run by the worker in production, inline in development."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task

from accounts.models import Notification
from intowork.emails import send_or_retry, templated_email


@task(queue_name="default")
def send_notification_email(*, notification_id: int, attempt: int = 1) -> bool:
    """Email one notification. The in-app notification exists regardless."""
    notification = Notification.objects.select_related("user", "job", "application").filter(pk=notification_id).first()
    if notification is None or not notification.user.is_active:
        return False
    message = templated_email(
        "accounts/email/notification",
        to=notification.user.email,
        context={"notification": notification, "user": notification.user, "site_url": settings.SITE_URL},
        language=notification.user.language,
        time_zone=notification.user.time_zone,
    )
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
