"""Who may call an API endpoint at all, by role (the pages' twin is ``accounts.decorators``);
which rows they may see is their queryset's business (``intowork.viewsets.UserScopedMixin``)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.models import Role, User


class RolePermission(BasePermission):
    role: Role

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role == self.role)


class IsCandidate(RolePermission):
    role = Role.CANDIDATE
    message = _("Only candidates can do this.")


class IsEmployer(RolePermission):
    role = Role.EMPLOYER
    message = _("Only employers can do this.")


def signed_in(request: Request) -> User:
    """The account of a request that a permission class admitted (the default IsAuthenticated,
    IsCandidate, IsEmployer): a visitor is told to authenticate."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user
