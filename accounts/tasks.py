"""Background work (django.tasks): run by the worker in production, inline in development."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Notification

logger = logging.getLogger(__name__)


@task(queue_name="default")
def send_notification_email(*, notification_id: int) -> bool:
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
    message.send()
    logger.info("notification email sent", extra={"notification_id": notification_id})
    return True
