from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from accounts.tasks import send_account_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter: our name in its emails instead of the sites framework's default, and
    its emails sent by a task (with retries) instead of during the request."""

    def send_mail(self, template_prefix, email, context):
        site = SimpleNamespace(name="IntoWork", domain=urlsplit(settings.SITE_URL).netloc)
        # Rendered here, in the visitor's language and with the request's context; sent later.
        message = self.render_mail(template_prefix, email, {**context, "current_site": site})
        html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
        send_account_email.enqueue(subject=message.subject, body=message.body, html=html, to=list(message.to))
