"""The signed-in user over the API: me/, me/notification-preferences/, notifications/, dashboard/."""

from typing import cast

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, PolymorphicProxySerializer, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts import services
from accounts.models import USER_CONSTRAINT_MESSAGES, Notification, NotificationType, Role, User
from accounts.permissions import require_recent_reauthentication, signed_in
from candidates.models import CONSTRAINT_MESSAGES, CandidateProfile
from candidates.services import PROFILE_FIELDS, profile_for_user, profile_update
from intowork.paginators import ApiCursorPagination
from intowork.serializers import ConstraintCheckedSerializer
from intowork.time_zones import is_time_zone
from intowork.viewsets import UserScopedMixin
from jobs import dashboards
from privacy import services as privacy_services

# --- me/ -------------------------------------------------------------------------------------


class CandidateProfileSerializer(ConstraintCheckedSerializer):
    constraint_messages = CONSTRAINT_MESSAGES

    class Meta:
        model = CandidateProfile
        fields = [*PROFILE_FIELDS, "updated_at"]
        read_only_fields = ["updated_at"]


class MembershipSerializer(serializers.Serializer):
    name = serializers.CharField(source="company.name")
    slug = serializers.CharField(source="company.slug")
    role = serializers.CharField()


class MeSerializer(ConstraintCheckedSerializer):
    constraint_messages = USER_CONSTRAINT_MESSAGES
    candidate_profile = CandidateProfileSerializer(
        required=False, allow_null=True, help_text=_("Candidates only; null for other roles.")
    )
    companies = MembershipSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "preferred_name",
            "role",
            "language",
            "time_zone",
            "candidate_profile",
            "companies",
            "date_joined",
        ]
        read_only_fields = ["id", "email", "role", "date_joined"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The nested profile validates against the stored row (its constraints span fields).
        profile = getattr(self.instance, "candidate_profile", None) if self.instance is not None else None
        cast(CandidateProfileSerializer, self.fields["candidate_profile"]).instance = profile

    def validate_time_zone(self, value: str) -> str:
        if value and not is_time_zone(value):
            raise serializers.ValidationError(_("Choose a time zone by its name, e.g. Europe/Paris."))
        return value

    def validate_candidate_profile(self, value):
        if value and self.instance is not None and self.instance.role != Role.CANDIDATE:
            raise serializers.ValidationError(_("Only candidates have a candidate profile."))
        return value


ME_EXAMPLE = {
    "id": 7,
    "email": "ana@example.com",
    "full_name": "Ana María López García",
    "preferred_name": "Ana",
    "role": "candidate",
    "language": "fr",
    "time_zone": "Europe/Paris",
    "candidate_profile": {
        "headline": "Backend developer",
        "bio": "Python and PostgreSQL.",
        "phone": "+33 6 12 34 56 78",
        "location": "Lyon",
        "salary_expectation_min": 45000,
        "salary_expectation_max": 55000,
        "salary_currency": "EUR",
        "availability": "one_month",
        "preferences": {"remote": True},
        "updated_at": "2026-11-20T09:00:00Z",
    },
    "companies": [],
    "date_joined": "2026-11-01T08:00:00Z",
}


class MeView(GenericAPIView):
    """The signed-in user and, for a candidate, their profile. Email changes go through allauth."""

    serializer_class = MeSerializer
    pagination_class = None

    def get_object(self):
        return (
            User.objects.select_related("candidate_profile")
            .prefetch_related("memberships__company")
            .get(pk=signed_in(self.request).pk)
        )

    @extend_schema(examples=[OpenApiExample("A candidate", value=ME_EXAMPLE, response_only=True)])
    def get(self, request):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        examples=[
            OpenApiExample(
                "Change the headline and salary expectations",
                value={
                    "preferred_name": "Ana",
                    "candidate_profile": {"headline": "Senior backend developer", "salary_expectation_min": 50000},
                },
                request_only=True,
            ),
            OpenApiExample("The updated user", value=ME_EXAMPLE, response_only=True),
        ]
    )
    def patch(self, request):
        user = self.get_object()
        serializer = self.get_serializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        profile_fields = fields.pop("candidate_profile", None)
        with transaction.atomic():  # the user and their profile change together, or neither does
            services.account_update(user=user, **fields)
            if profile_fields:  # the profile page's own service: one rule set for both
                profile_update(candidate=profile_for_user(user=user), **profile_fields)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        request=None,
        responses={204: None},
        description=(
            "Delete the signed-in account and its personal data (privacy.services.account_delete): "
            "applications stay with employers, anonymised. Needs a password confirmation in the last "
            "5 minutes (403 reauthentication_required); a company's last owner is refused (400 last_owner)."
        ),
    )
    def delete(self, request):
        require_recent_reauthentication(request)
        privacy_services.account_delete(user=signed_in(request))
        return Response(status=204)


# --- me/notification-preferences/ -----------------------------------------------------------


class NotificationPreferenceSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=NotificationType.choices)
    # The metaclass takes declared fields off the class: this one does not shadow Field.label.
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text=_("The kind's name, in the request's language.")
    )
    email = serializers.BooleanField(help_text=_("Also sent by email; false: in the app only."))


class NotificationPreferencesSerializer(serializers.Serializer):
    preferences = NotificationPreferenceSerializer(
        many=True, help_text=_("One entry per kind of notification your role receives.")
    )

    def validate_preferences(self, value):
        kinds = {kind.value for kind in NotificationType.for_role(self.context["role"])}
        unknown = sorted({entry["type"] for entry in value} - kinds)
        if unknown:
            raise serializers.ValidationError(
                _("Your account gets no notification of this kind: %(types)s.") % {"types": ", ".join(unknown)}
            )
        return value


PREFERENCES_EXAMPLE = {
    "preferences": [
        {"type": "application_received", "label": "New application", "email": True},
        {"type": "application_withdrawn", "label": "Application withdrawn", "email": False},
        {"type": "system", "label": "System", "email": True},
    ]
}


class NotificationPreferencesView(GenericAPIView):
    """Which kinds of notification are also emailed to the signed-in user. In-app notifications
    are always kept; kinds not listed in a PATCH stay as they were."""

    serializer_class = NotificationPreferencesSerializer
    pagination_class = None

    def _response(self, user: User) -> Response:
        preferences = [
            {"type": kind.value, "label": kind.label, "email": user.wants_email(kind)}
            for kind in NotificationType.for_role(user.role)
        ]
        return Response(NotificationPreferencesSerializer({"preferences": preferences}).data)

    def get_serializer_context(self):
        user = self.request.user
        return {**super().get_serializer_context(), "role": getattr(user, "role", None)}

    @extend_schema(examples=[OpenApiExample("An employer's", value=PREFERENCES_EXAMPLE, response_only=True)])
    def get(self, request):
        return self._response(signed_in(request))

    @extend_schema(
        examples=[
            OpenApiExample(
                "No emails when an application is withdrawn",
                value={"preferences": [{"type": "application_withdrawn", "email": False}]},
                request_only=True,
            ),
            OpenApiExample("The preferences now", value=PREFERENCES_EXAMPLE, response_only=True),
        ]
    )
    def patch(self, request):
        user = signed_in(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        emails = {entry["type"]: entry["email"] for entry in serializer.validated_data["preferences"]}
        services.notification_emails_set(user=user, emails=emails)
        return self._response(user)


# --- notifications/ --------------------------------------------------------------------------


class NotificationJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    company = serializers.CharField(source="company.name")


class NotificationSerializer(serializers.ModelSerializer):
    job = NotificationJobSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "type", "title", "message", "job", "application", "is_read", "created_at"]
        read_only_fields = fields


NOTIFICATION_EXAMPLE = {
    "id": 31,
    "type": "application_status",
    "title": "Your application for Python Developer: Interview",
    "message": "",
    "job": {"id": 42, "title": "Python Developer", "company": "Acme"},
    "application": 1200,
    "is_read": False,
    "created_at": "2026-11-21T10:00:00Z",
}


class NotificationPagination(ApiCursorPagination):
    """Newest first, with the unread count the app shows on its badge."""

    ordering = ("-created_at", "-id")

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread_count"] = Notification.objects.for_user(signed_in(self.request)).unread().count()
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread_count"] = {"type": "integer", "example": 3}
        paginated.setdefault("required", []).append("unread_count")
        return paginated


class NotificationViewSet(UserScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's notifications, newest first; ``?is_read=false`` for the unread."""

    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination
    filterset_fields = ["is_read", "type"]

    scoped_model = Notification

    def scoped_queryset(self, user):
        return Notification.objects.for_user(user).for_listing()

    @extend_schema(examples=[OpenApiExample("A status change", value=NOTIFICATION_EXAMPLE, response_only=True)])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=None,
        responses=NotificationSerializer,
        examples=[OpenApiExample("Now read", value={**NOTIFICATION_EXAMPLE, "is_read": True}, response_only=True)],
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.notification_mark_read(notification=notification)
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "NotificationsReadAll",
            fields={"marked": serializers.IntegerField(), "unread_count": serializers.IntegerField()},
        ),
        examples=[OpenApiExample("Three marked", value={"marked": 3, "unread_count": 0}, response_only=True)],
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = services.notifications_mark_all_read(user=request.user)
        return Response({"marked": marked, "unread_count": 0})


# --- dashboard/ --------------------------------------------------------------------------------


class CandidateDashboardSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=[Role.CANDIDATE.value])
    applications = serializers.IntegerField()
    applications_by_status = serializers.DictField(child=serializers.IntegerField())
    saved_jobs = serializers.IntegerField()
    unread_notifications = serializers.IntegerField()


class DailyCountSerializer(serializers.Serializer):
    date = serializers.DateField()
    applications = serializers.IntegerField()


class EmployerDashboardSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=[Role.EMPLOYER.value])
    active_jobs = serializers.IntegerField()
    applications = serializers.IntegerField()
    new = serializers.IntegerField(help_text=_("Not opened yet."))
    interviews = serializers.IntegerField()
    response_rate = serializers.FloatField(
        allow_null=True, help_text=_("Share of applications (withdrawn aside) that got an answer.")
    )
    applications_per_day = DailyCountSerializer(many=True)
    unread_notifications = serializers.IntegerField()


class StaffDashboardSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=[Role.STAFF.value])
    unread_notifications = serializers.IntegerField()


class DashboardView(GenericAPIView):
    """The signed-in user's figures, by role: the same numbers as their dashboard page."""

    pagination_class = None
    serializer_class = None

    @extend_schema(
        responses=PolymorphicProxySerializer(
            component_name="Dashboard",
            serializers={
                Role.CANDIDATE.value: CandidateDashboardSerializer,
                Role.EMPLOYER.value: EmployerDashboardSerializer,
                Role.STAFF.value: StaffDashboardSerializer,
            },
            resource_type_field_name="role",
        ),
        examples=[
            OpenApiExample(
                "A candidate",
                value={
                    "role": "candidate",
                    "applications": 3,
                    "applications_by_status": {
                        "applied": 1,
                        "viewed": 1,
                        "shortlisted": 0,
                        "interview": 1,
                        "accepted": 0,
                        "rejected": 0,
                        "withdrawn": 0,
                    },
                    "saved_jobs": 4,
                    "unread_notifications": 1,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        user = signed_in(request)
        serializer: type[serializers.Serializer]
        if user.role == Role.CANDIDATE:
            data, serializer = dashboards.candidate_dashboard(user=user), CandidateDashboardSerializer
        elif user.role == Role.EMPLOYER:
            data, serializer = dashboards.employer_dashboard(user=user), EmployerDashboardSerializer
        else:
            data = {"unread_notifications": Notification.objects.for_user(user).unread().count()}
            serializer = StaffDashboardSerializer
        return Response(serializer({"role": user.role, **data}).data)
