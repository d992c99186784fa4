"""Emails that tasks send: written from templates in the recipient's language, and sent again
later when the mail server fails."""

import datetime
import logging
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from intowork.time_zones import zone_or_default

logger = logging.getLogger(__name__)

# A failed send is tried again after 2, 4, 8 and 16 minutes, then given up (and logged).
# Whatever the email tells about was committed before it was sent, and stays.
EMAIL_MAX_ATTEMPTS = 5


def email_retry_delay(attempt: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=2**attempt)


def templated_email(
    template: str, *, to: str, context: dict, language: str, time_zone: str = ""
) -> EmailMultiAlternatives:
    """An email from three templates: ``template``_subject.txt, ``template``.txt (the plain-text
    part) and ``template``.html (the HTML part), in ``language`` and with times in
    ``time_zone`` (a task has no request to take them from: the recipient's saved ones)."""
    with translation.override(language), timezone.override(zone_or_default(time_zone)):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text_body = render_to_string(f"{template}.txt", context)
        html_body = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text_body, to=[to])
    message.attach_alternative(html_body, "text/html")
    return message


def send_or_retry(
    message: EmailMultiAlternatives, *, task, attempt: int, log: dict | None = None, **task_kwargs
) -> bool:
    """Send ``message``; if the mail server fails, enqueue ``task(**task_kwargs)`` again later,
    until EMAIL_MAX_ATTEMPTS. Whether it was sent now. The logs get ``log`` instead of the
    task's arguments when those hold secrets."""
    log_extra = {"task": task.name, **(task_kwargs if log is None else log)}
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= EMAIL_MAX_ATTEMPTS:
            logger.error("email given up", extra={**log_extra, "error": str(error)})
            return False
        retry = task
        if retry.get_backend().supports_defer:  # the worker's backend; the immediate one retries at once
            retry = retry.using(run_after=timezone.now() + email_retry_delay(attempt))
        retry.enqueue(**task_kwargs, attempt=attempt + 1)
        logger.warning("email failed, retrying", extra=log_extra)
        return False
    logger.info("email sent", extra={**log_extra, "attempt": attempt})
    return True
