"""Message templates (per company, per language, with placeholders) and the messages sent
from them: previewed, sent one by one or with a (bulk) move, kept on the timeline."""

import string
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import NotificationType, User
from accounts.services import notify
from hiring.models import MESSAGE_PLACEHOLDERS, ApplicationMessage, MessageTemplate, TemplateKind
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import Application, Company


def _check_placeholders(text: str, field: str) -> None:
    try:
        names = {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ServiceError(
            "bad_placeholder", _("A brace is not closed: write placeholders as {job_title}."), field=field
        ) from error
    unknown = sorted(names - set(MESSAGE_PLACEHOLDERS))
    if unknown:
        raise ServiceError(
            "unknown_placeholder",
            _("Unknown placeholder: %(names)s. Use %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(f"{{{name}}}" for name in MESSAGE_PLACEHOLDERS)},
            field=field,
        )


def template_save(
    *,
    company: Company,
    by: User,
    name: str,
    subject: str,
    body: str,
    language: str,
    kind: TemplateKind | str = TemplateKind.FREE,
    template: MessageTemplate | None = None,
) -> MessageTemplate:
    """Create a template for ``company``, or change ``template``."""
    _check_placeholders(subject, "subject")
    _check_placeholders(body, "body")
    template = template or MessageTemplate(company=company)
    template.kind, template.language = kind, language
    template.name, template.subject, template.body = name.strip(), subject.strip(), body.strip()
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as error:
        if "hiring_messagetemplate_name_per_company_uniq" in str(error):
            raise ConflictError(
                "template_exists",
                _("Your company already has a template with this name in this language."),
                field="name",
            ) from error
        raise
    return template


def message_render(*, template: MessageTemplate, application: Application) -> tuple[str, str]:
    """The subject and body ``template`` gives for ``application`` (its job and candidate loaded)."""
    values = {
        "candidate_name": application.candidate_name,
        "job_title": application.job.title,
        "company": application.job.company.name,
    }
    return template.subject.format_map(values), template.body.format_map(values)


def messages_send(
    *, applications: Iterable[Application], template: MessageTemplate, by: User
) -> list[ApplicationMessage]:
    """Send ``template`` to each application's candidate: kept on its timeline, and the
    candidate is notified (in-app and by email) with the message itself."""
    sent = []
    with transaction.atomic():
        for application in applications:
            if application.job.company_id != template.company_id:
                raise ServiceError("not_your_template", _("Choose one of your company's templates."), field="template")
            if application.candidate is None:
                raise ServiceError("anonymised", _("This application is anonymised: there is nobody to write to."))
            subject, body = message_render(template=template, application=application)
            sent.append(
                ApplicationMessage.objects.create(
                    application=application, template=template, subject=subject, body=body, sent_by=by
                )
            )
            notify(
                users=[application.candidate.user],
                type=NotificationType.MESSAGE,
                title=subject.replace("%", "%%"),  # notify fills %(…)s placeholders
                message=body.replace("%", "%%"),
                job=application.job,
                application=application,
            )
    return sent
