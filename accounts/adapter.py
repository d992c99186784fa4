from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from accounts.tasks import send_account_email
from intowork.absolute_urls import rebased_on_site


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter: our name in its emails instead of the sites framework's default, its
    links on SITE_URL, and its emails sent by a task (with retries) instead of during the request."""

    def send_mail(self, template_prefix, email, context):
        site = SimpleNamespace(name="IntoWork", domain=urlsplit(settings.SITE_URL).netloc)
        # allauth builds its links (activate_url, password_reset_url, signup_url...) from the
        # request, whose host and scheme behind a proxy are the proxy's: moved to SITE_URL.
        links = {
            name: rebased_on_site(value)
            for name, value in context.items()
            if name.endswith("_url") and isinstance(value, str) and value.startswith(("http://", "https://"))
        }
        # Rendered here, in the visitor's language and with the request's context; sent later.
        message = self.render_mail(template_prefix, email, {**context, **links, "current_site": site})
        html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
        send_account_email.enqueue(subject=message.subject, body=message.body, html=html, to=list(message.to))
