"""Background work of the jobs app (django.tasks), sent after the action's transaction commits."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse

from accounts.models import User
from intowork.emails import send_or_retry, templated_email
from jobs.models import Application, CompanyInvitation


@task(queue_name="default")
def send_invitation_email(*, invitation_id: int, attempt: int = 1) -> bool:
    """Email an invitation to join a company, with the link that accepts it. The invitee may
    have no account yet: the email goes to the invited address, not to a user."""
    invitation = CompanyInvitation.objects.select_related("company", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at is not None:
        return False
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL + reverse("employer:invitation_accept", args=[invitation.token]),
        "signup_url": settings.SITE_URL + reverse("account_signup"),
    }
    # The invitee's language if they have an account, else the inviter's: a guess that a
    # colleague reads the company's language.
    invitee = User.objects.filter(email__iexact=invitation.email).only("language", "time_zone").first()
    known = invitee or invitation.invited_by
    language = known.language if known else settings.LANGUAGE_CODE
    message = templated_email(
        "jobs/email/invitation",
        to=invitation.email,
        context=context,
        language=language,
        time_zone=known.time_zone if known else "",
    )
    return send_or_retry(message, task=send_invitation_email, attempt=attempt, invitation_id=invitation_id)


@task(queue_name="default")
def send_application_sent_email(*, application_id: int, attempt: int = 1) -> bool:
    """The candidate's receipt of an application: the job, the CV and the letter sent, and
    the link to follow it."""
    application = (
        Application.objects.select_related("job__company", "cv", "candidate__user").filter(pk=application_id).first()
    )
    if application is None or application.candidate is None or not application.candidate.user.is_active:
        return False  # gone, anonymised or deactivated: no receipt
    user = application.candidate.user
    context = {
        "application": application,
        "user": user,
        "application_url": settings.SITE_URL + reverse("candidates:application_detail", args=[application.pk]),
        "job_url": settings.SITE_URL + application.job.get_absolute_url(),
    }
    message = templated_email(
        "jobs/email/application_sent",
        to=user.email,
        context=context,
        language=user.language,
        time_zone=user.time_zone,
    )
    return send_or_retry(message, task=send_application_sent_email, attempt=attempt, application_id=application_id)
