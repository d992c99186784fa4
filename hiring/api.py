"""Interviews over the API: a company's members schedule, move and cancel them; the candidate
answers. Each sees only their own or their companies' interviews (others get 404)."""

import datetime
import zoneinfo

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Role, User
from accounts.permissions import IsEmployer, signed_in
from hiring import services
from hiring.models import CANDIDATE_RESPONSES, Interview
from hiring.services import LONGEST_INTERVIEW, SHORTEST_INTERVIEW
from intowork.paginators import ApiCursorPagination
from intowork.viewsets import UserScopedMixin
from jobs.models import Application

MINUTES = (int(SHORTEST_INTERVIEW.total_seconds() // 60), int(LONGEST_INTERVIEW.total_seconds() // 60))


class InterviewerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.display_name")


class InterviewSerializer(serializers.ModelSerializer):
    starts_at = serializers.DateTimeField(help_text=_("In the zone it was scheduled in (time_zone)."))
    ends_at = serializers.DateTimeField()
    job_title = serializers.CharField(source="application.job.title")
    company = serializers.CharField(source="application.job.company.name")
    candidate_name = serializers.CharField(source="candidate.user.display_name")
    interviewers = InterviewerSerializer(source="panel", many=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "application",
            "job_title",
            "company",
            "candidate_name",
            "starts_at",
            "ends_at",
            "time_zone",
            "location",
            "video_url",
            "status",
            "response_note",
            "sequence",
            "interviewers",
        ]
        read_only_fields = fields

    def to_representation(self, interview):
        data = super().to_representation(interview)
        # ISO 8601 with the interview's own offset: 10:00+01:00 reads as the company planned it.
        zone = zoneinfo.ZoneInfo(interview.time_zone)
        data["starts_at"] = interview.starts_at.astimezone(zone).isoformat()
        data["ends_at"] = interview.ends_at.astimezone(zone).isoformat()
        return data


class SlotInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text=_("ISO 8601 with its offset, e.g. 2026-12-03T10:00:00+01:00."))
    time_zone = serializers.CharField(max_length=64, help_text=_("IANA name, e.g. Europe/Paris."))
    duration_minutes = serializers.IntegerField(min_value=MINUTES[0], max_value=MINUTES[1], default=60)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    video_url = serializers.URLField(required=False, allow_blank=True, default="")


@extend_schema_field(OpenApiTypes.INT)
class MemberApplicationField(serializers.PrimaryKeyRelatedField):
    """Another company's application id is "does not exist", like a wrong one."""

    def get_queryset(self):
        return Application.objects.for_company_member(self.context["request"].user).select_related(
            "job", "candidate__user"
        )


class ScheduleInputSerializer(SlotInputSerializer):
    application = MemberApplicationField(help_text=_("One of your company's applications."))
    interviewers = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, help_text=_("User ids of members of the company.")
    )


class RespondInputSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=[(status.value, status.label) for status in CANDIDATE_RESPONSES])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


def _duration(data) -> datetime.timedelta:
    return datetime.timedelta(minutes=data["duration_minutes"])


@extend_schema_view(
    list=extend_schema(summary="A candidate's interviews, or an employer's company's, soonest first"),
    retrieve=extend_schema(summary="An interview"),
)
class InterviewViewSet(UserScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InterviewSerializer
    pagination_class = type("InterviewPagination", (ApiCursorPagination,), {"ordering": ("during", "id")})
    scoped_model = Interview

    def scoped_queryset(self, user):
        return Interview.objects.visible_to(user).for_listing()

    def get_permissions(self):
        if self.action in {"create", "reschedule", "cancel"}:
            return [IsEmployer()]
        return super().get_permissions()

    def _respond(self, interview, status_code=status.HTTP_200_OK) -> Response:
        interview = self.scoped_queryset(self.request.user).get(pk=interview.pk)
        return Response(InterviewSerializer(interview).data, status=status_code)

    @extend_schema(
        summary="Schedule an interview (the company's members); 409 when someone is already booked",
        request=ScheduleInputSerializer,
        responses={201: InterviewSerializer},
        examples=[
            OpenApiExample(
                "A video interview",
                value={
                    "application": 12,
                    "starts_at": "2026-12-03T10:00:00+01:00",
                    "time_zone": "Europe/Paris",
                    "duration_minutes": 45,
                    "video_url": "https://meet.example/abc",
                    "interviewers": [7],
                },
                request_only=True,
            )
        ],
    )
    def create(self, request):
        data = ScheduleInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        given = data.validated_data
        interview = services.interview_schedule(
            application=given["application"],
            starts_at=given["starts_at"],
            duration=_duration(given),
            time_zone=given["time_zone"],
            location=given["location"],
            video_url=given["video_url"],
            interviewers=list(User.objects.filter(pk__in=given["interviewers"])),
            by=request.user,
        )
        return self._respond(interview, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move an interview (a new invitation)", request=SlotInputSerializer, responses=InterviewSerializer
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        interview = self.get_object()
        data = SlotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        services.interview_reschedule(
            interview=interview,
            starts_at=given["starts_at"],
            duration=_duration(given),
            time_zone=given["time_zone"],
            location=given["location"],
            video_url=given["video_url"],
            by=request.user,
        )
        return self._respond(interview)

    @extend_schema(summary="Cancel an interview", request=None, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        interview = self.get_object()
        services.interview_cancel(interview=interview, by=request.user)
        return self._respond(interview)

    @extend_schema(
        summary="Answer an invitation (the candidate): accept, decline or ask for another time",
        request=RespondInputSerializer,
        responses=InterviewSerializer,
        examples=[
            OpenApiExample(
                "Another time",
                value={"response": "another_time", "note": "Any afternoon next week."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        interview = self.get_object()
        user = signed_in(request)
        if user.role != Role.CANDIDATE or interview.candidate.user_id != user.pk:
            raise PermissionDenied(_("Only the candidate answers an invitation."))
        data = RespondInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.interview_respond(interview=interview, by=user, **data.validated_data)
        return self._respond(interview)
