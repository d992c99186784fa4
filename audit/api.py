"""The company's activity log over the API (employer/activity/), for its owners."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from accounts.permissions import IsEmployer, signed_in
from audit.models import AuditAction, AuditEvent
from intowork.paginators import ApiCursorPagination
from intowork.viewsets import UserScopedMixin
from jobs.models import MemberRole, Membership


def actor_name(user) -> str | None:
    """Who acted, as the company's owners are told: a person of theirs by name, our staff as such."""
    if user is None:
        return None
    return str(_("IntoWork staff")) if user.is_staff else user.display_name


class ActivityApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    job = serializers.CharField(source="job.title")
    candidate = serializers.CharField(source="candidate_name")


class ActivityEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(help_text=_("Who did it; null once their account is deleted."))
    application = ActivityApplicationSerializer(read_only=True, allow_null=True)
    cv = serializers.CharField(source="cv.title", allow_null=True, default=None)

    class Meta:
        model = AuditEvent
        fields = ["id", "created_at", "action", "actor", "application", "cv", "detail"]
        read_only_fields = fields

    def get_actor(self, event) -> str | None:
        return actor_name(event.actor)


class ActivityFilterSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=AuditAction.choices, required=False)


ACTIVITY_EXAMPLE = {
    "next": None,
    "previous": None,
    "results": [
        {
            "id": 812,
            "created_at": "2026-11-21T10:02:00Z",
            "action": "application_moved",
            "actor": "Ana Lopez",
            "application": {"id": 1200, "job": "Python Developer", "candidate": "Sam Martin"},
            "cv": None,
            "detail": {"from": "viewed", "to": "interview"},
        },
        {
            "id": 811,
            "created_at": "2026-11-21T10:00:00Z",
            "action": "cv_downloaded",
            "actor": "Ana Lopez",
            "application": {"id": 1200, "job": "Python Developer", "candidate": "Sam Martin"},
            "cv": "CV 2026",
            "detail": {},
        },
    ],
}


@extend_schema_view(
    list=extend_schema(
        summary="Your company's activity log, newest first (owners only)",
        examples=[OpenApiExample("Two events", value=ACTIVITY_EXAMPLE, response_only=True)],
    )
)
class ActivityViewSet(UserScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who opened, downloaded, moved, exported or deleted the data your company holds: its
    members' actions and our staff's. ``?action=cv_downloaded`` keeps one kind."""

    permission_classes = [IsEmployer]
    serializer_class = ActivityEventSerializer
    filterset_fields = ["action"]
    pagination_class = type("ActivityPagination", (ApiCursorPagination,), {"ordering": ("-created_at", "-id")})

    scoped_model = AuditEvent

    def scoped_queryset(self, user):
        membership = Membership.objects.of_user(signed_in(self.request)).first()
        if membership is None or membership.role != MemberRole.OWNER:
            raise PermissionDenied(_("Only the company's owners can read its activity log."))
        return AuditEvent.objects.for_company(membership.company_id).for_listing()
