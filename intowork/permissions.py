"""Who may call an endpoint at all; which rows they may see is their queryset's business."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts.models import Role


class IsCandidate(BasePermission):
    message = _("Only candidates can do this.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role == Role.CANDIDATE)


class IsEmployer(BasePermission):
    message = _("Only employers can do this.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role == Role.EMPLOYER)


class UserScopedMixin:
    """A view's rows are ``scoped_queryset(user)``: the signed-in user's own, so anyone
    else's are a 404. The schema generator, which has no user, gets an empty queryset."""

    scoped_model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.scoped_model.objects.none()
        return self.scoped_queryset(self.request.user)

    def scoped_queryset(self, user):
        raise NotImplementedError
