"""GET/POST /api/v1/alerts/, GET/PATCH/DELETE /api/v1/alerts/{id}/: the signed-in user's job
alerts. An alert is created from the same parameters as GET /api/v1/jobs/ (``search``), and
paused or resumed with PATCH ``is_paused``."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from accounts.permissions import signed_in
from alerts import services
from alerts.models import Alert, AlertFrequency
from intowork.paginators import ApiCursorPagination
from intowork.viewsets import UserScopedMixin

ALERT_EXAMPLE = {
    "id": 12,
    "name": "python · Lyon",
    "search": {"q": "python", "location": "Lyon"},
    "frequency": "daily",
    "is_paused": False,
    "created_at": "2026-03-02T09:15:00Z",
}


class AlertSerializer(serializers.ModelSerializer):
    search = serializers.DictField(
        source="params",
        child=serializers.CharField(allow_blank=True),
        help_text=_(
            "The search's parameters, named as GET /api/v1/jobs/ reads them: q, location, location_type, "
            "job_type, salary_min, company, posted_within."
        ),
    )
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    frequency = serializers.ChoiceField(choices=AlertFrequency.choices, default=AlertFrequency.DAILY)

    class Meta:
        model = Alert
        fields = ["id", "name", "search", "frequency", "is_paused", "created_at"]
        read_only_fields = ["id", "created_at"]


class AlertUpdateSerializer(AlertSerializer):
    """An alert's search stays what it was saved as: a different search is a new alert."""

    search = serializers.DictField(source="params", child=serializers.CharField(), read_only=True)


class AlertPagination(ApiCursorPagination):
    ordering = ("-created_at", "-id")


@extend_schema_view(
    list=extend_schema(summary="Your job alerts, newest first"),
    create=extend_schema(
        summary="Save a search as an alert",
        examples=[
            OpenApiExample(
                "A daily alert",
                value={"search": {"q": "python", "location": "Lyon"}, "frequency": "daily"},
                request_only=True,
            ),
            OpenApiExample("Saved", value=ALERT_EXAMPLE, response_only=True),
        ],
    ),
    partial_update=extend_schema(
        summary="Rename, change the frequency, pause or resume",
        request=AlertUpdateSerializer,
        responses=AlertSerializer,
        examples=[OpenApiExample("Pause", value={"is_paused": True}, request_only=True)],
    ),
)
class AlertViewSet(UserScopedMixin, viewsets.ModelViewSet):
    serializer_class = AlertSerializer
    pagination_class = AlertPagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    scoped_model = Alert

    def scoped_queryset(self, user):
        return Alert.objects.owned_by(user).for_listing()

    def get_serializer_class(self):
        return AlertUpdateSerializer if self.action == "partial_update" else AlertSerializer

    def perform_create(self, serializer):
        params = QueryDict(mutable=True)
        params.update(serializer.validated_data["params"])
        serializer.instance = services.alert_create(
            params=params,
            user=signed_in(self.request),
            name=serializer.validated_data.get("name", ""),
            frequency=serializer.validated_data["frequency"],
        )

    def perform_update(self, serializer):
        serializer.instance = services.alert_update(alert=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.alert_delete(alert=instance)
