"""Who may call an API endpoint at all, by role (the pages' twin is ``accounts.decorators``);
which rows they may see is their queryset's business (``intowork.viewsets.UserScopedMixin``)."""

from types import SimpleNamespace

from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
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


class ReauthenticationRequired(PermissionDenied):
    default_detail = _(
        "Confirm your password first (POST /_allauth/app/v1/auth/reauthenticate), then try again within 5 minutes."
    )
    default_code = "reauthentication_required"


def require_recent_reauthentication(request: Request) -> None:
    """Account-sensitive endpoints (deleting the account) ask for the password again, as the
    pages do (allauth's ``reauthentication_required``): allauth's own rule, read from the
    session the request came with (an app's session token, or the browser's cookie)."""
    session = request.auth if isinstance(request.auth, SessionBase) else request.session
    if is_reauthentication_required(SimpleNamespace(user=request.user, session=session), app=""):
        raise ReauthenticationRequired
