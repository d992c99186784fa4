"""Background work (django.tasks): run by the worker in production, inline in development."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Notification

logger = logging.getLogger(__name__)

# A failed send is tried again after 2, 4, 8 and 16 minutes, then given up (and logged).
# The in-app notification exists regardless: it was committed with the action.
EMAIL_MAX_ATTEMPTS = 5


def email_retry_delay(attempt: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=2**attempt)


@task(queue_name="default")
def send_notification_email(*, notification_id: int, attempt: int = 1) -> bool:
    """Email one notification: a plain-text and an HTML part from templates."""
    notification = Notification.objects.select_related("user", "job", "application").filter(pk=notification_id).first()
    if notification is None or not notification.user.is_active:
        return False
    context = {"notification": notification, "user": notification.user, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[IntoWork] {notification.title}"
        text_body = render_to_string("accounts/email/notification.txt", context)
        html_body = render_to_string("accounts/email/notification.html", context)
    message = EmailMultiAlternatives(subject, text_body, to=[notification.user.email])
    message.attach_alternative(html_body, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= EMAIL_MAX_ATTEMPTS:
            logger.error(
                "notification email given up", extra={"notification_id": notification_id, "error": str(error)}
            )
            return False
        retry = send_notification_email
        if retry.get_backend().supports_defer:  # the worker's backend; the immediate one retries at once
            retry = retry.using(run_after=timezone.now() + email_retry_delay(attempt))
        retry.enqueue(notification_id=notification_id, attempt=attempt + 1)
        logger.warning("notification email failed, retrying", extra={"notification_id": notification_id})
        return False
    logger.info("notification email sent", extra={"notification_id": notification_id, "attempt": attempt})
    return True
