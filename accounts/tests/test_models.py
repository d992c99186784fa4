import pytest
from django.contrib.auth import get_user_model

from accounts.tests.factories import NotificationFactory, UserFactory
from intowork.tests.helpers import violates

pytestmark = pytest.mark.django_db


def test_email_is_unique_ignoring_case():
    UserFactory(email="Ann@Example.com")
    with violates("accounts_user_email_ci_uniq"):
        UserFactory(email="ann@example.COM")


def test_login_lookup_ignores_case():
    user = UserFactory(email="Ann@Example.com")
    assert get_user_model().objects.get_by_natural_key("ann@example.com") == user


def test_role_is_checked():
    with violates("accounts_user_role_valid_check"):
        UserFactory(role="admin")


def test_notification_type_is_checked():
    with violates("accounts_notification_type_valid_check"):
        NotificationFactory(type="spam")


def test_create_superuser_is_staff_with_the_staff_role():
    admin = get_user_model().objects.create_superuser(email="root@example.com", password="x" * 12)
    assert (admin.is_staff, admin.is_superuser, admin.role) == (True, True, "staff")


def test_only_kinds_that_exist_can_be_turned_off():
    with violates("accounts_user_email_opt_outs_valid_check"):
        UserFactory(email_opt_outs=["application_status", "newsletter"])
