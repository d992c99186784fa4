"""What the API's views over a user's own rows share."""

from django.db.models import Model, QuerySet


class UserScopedMixin:
    """A view's rows are ``scoped_queryset(user)``: the signed-in user's own, so anyone
    else's are a 404. The schema generator, which has no user, gets an empty queryset."""

    scoped_model: type[Model]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.scoped_model._default_manager.none()
        return self.scoped_queryset(self.request.user)  # type: ignore[attr-defined]

    def scoped_queryset(self, user) -> QuerySet:
        raise NotImplementedError
