"""A guest's alerts join the account of their address once the member has verified it."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from alerts.services import alerts_claim


@receiver(email_confirmed)
def claim_guest_alerts(sender, request, email_address, **kwargs) -> None:
    if email_address.user_id and email_address.email.lower() == email_address.user.email.lower():
        alerts_claim(user=email_address.user)
