from functools import cache

from django.conf import settings

from accounts.models import Notification

# The badge says "99+" beyond this: counting further is work nobody reads.
UNREAD_BADGE_CAP = 100


def notifications(request):
    """``unread_notification_count`` for the navigation bar: one small query, only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread_notification_count() -> int:
        return Notification.objects.for_user(user).unread()[:UNREAD_BADGE_CAP].count()

    return {"unread_notification_count": unread_notification_count, "unread_badge_cap": UNREAD_BADGE_CAP - 1}


def contact(request):
    """``contact_email``: where "contact us" points (settings.CONTACT_EMAIL)."""
    return {"contact_email": settings.CONTACT_EMAIL, "contact_mailto": f"mailto:{settings.CONTACT_EMAIL}"}
