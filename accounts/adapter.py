from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with our name in its emails instead of the sites framework's default."""

    def send_mail(self, template_prefix, email, context):
        site = SimpleNamespace(name="IntoWork", domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {**context, "current_site": site})
