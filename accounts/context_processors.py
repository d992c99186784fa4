from django.utils.functional import SimpleLazyObject

from accounts.models import Notification


def unread_notifications(request):
    """The navigation bar's unread count: one COUNT on the partial unread index, only if shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: Notification.objects.for_user(user).unread().count())}
