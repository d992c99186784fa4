import time

import factory
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from accounts.models import Notification, NotificationType, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    role = Role.CANDIDATE
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


# The secret of every factory staff member's authenticator app (base32, as the app reads it).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = STAFF_TOTP_SECRET) -> str:
    """The code an authenticator app shows now (RFC 6238: HMAC-SHA1 over 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class StaffFactory(UserFactory):
    """A superuser with an authenticator app set up, as the admin requires;
    ``StaffFactory(totp=False)`` for one who has not set it up yet."""

    role = Role.STAFF
    is_staff = True
    is_superuser = True

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            TOTP.activate(self, STAFF_TOTP_SECRET)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    type = NotificationType.SYSTEM
    title = factory.Faker("sentence", nb_words=4)
