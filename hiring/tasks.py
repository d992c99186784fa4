"""Background work of the hiring app: the interview invitations (.ics by email)."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from hiring.invitations import interview_calendar, interview_method
from hiring.models import Interview
from intowork.emails import send_or_retry, templated_email


@task(queue_name="default")
def send_interview_invitation(*, interview_id: int, user_id: int, sequence: int, attempt: int = 1) -> bool:
    """Email the interview's invitation (or its cancellation) to one participant, with the
    .ics attached, in their language and time zone. A version superseded before it was sent
    (the interview changed again) is not sent: the newer one follows."""
    interview = (
        Interview.objects.select_related("application__job__company", "candidate__user")
        .prefetch_related("panel__user")
        .filter(pk=interview_id, sequence=sequence)
        .first()
    )
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if interview is None or user is None:
        return False
    job = interview.application.job
    is_candidate = user.pk == interview.candidate.user_id
    if is_candidate:
        url = reverse("hiring:interview_detail", args=[interview.pk])
    else:
        url = reverse("employer_hiring:interview_detail", args=[interview.pk])
    with translation.override(user.language):
        summary = _("Interview: %(job)s at %(company)s") % {"job": job.title, "company": job.company.name}
        if not is_candidate:
            summary = _("Interview with %(name)s for %(job)s") % {
                "name": interview.candidate.user.display_name,
                "job": job.title,
            }
        ics = interview_calendar(interview, summary=summary, description=settings.SITE_URL + url)
    message = templated_email(
        "hiring/email/interview_invitation",
        to=user.email,
        context={
            "interview": interview,
            "job": job,
            "user": user,
            "summary": summary,
            "url": settings.SITE_URL + url,
            "cancelled": interview_method(interview) == "CANCEL",
        },
        language=user.language,
        time_zone=user.time_zone,
    )
    method = interview_method(interview)
    message.attach("invite.ics", ics, f"text/calendar; method={method}; charset=UTF-8")
    return send_or_retry(
        message,
        task=send_interview_invitation,
        attempt=attempt,
        interview_id=interview_id,
        user_id=user_id,
        sequence=sequence,
    )
