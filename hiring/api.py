"""Interviews over the API: a company's members schedule, move and cancel them; the candidate
answers. Each sees only their own or their companies' interviews (others get 404)."""

import datetime
import zoneinfo

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role, User
from accounts.permissions import IsEmployer, signed_in
from hiring import services
from hiring.models import (
    CANDIDATE_RESPONSES,
    HIGHEST_SCORE,
    LOWEST_SCORE,
    ApplicationMessage,
    ApplicationNote,
    BulkMove,
    Interview,
    MessageTemplate,
    Recommendation,
    Scorecard,
    ScorecardAttribute,
)
from hiring.services import LONGEST_INTERVIEW, SHORTEST_INTERVIEW
from intowork.paginators import ApiCursorPagination
from intowork.viewsets import UserScopedMixin
from jobs.api.applications import EMPLOYER_STATUS_CHOICES
from jobs.models import Application, Job, Membership

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


class RatingSerializer(serializers.Serializer):
    attribute = serializers.IntegerField(help_text=_("A scorecard attribute's id."))
    attribute_name = serializers.CharField(source="attribute.name", read_only=True)
    score = serializers.IntegerField(min_value=LOWEST_SCORE, max_value=HIGHEST_SCORE)

    def to_representation(self, rating):
        return {"attribute": rating.attribute_id, "attribute_name": rating.attribute.name, "score": rating.score}


class ScorecardSerializer(serializers.ModelSerializer):
    interviewer = serializers.CharField(source="interviewer.display_name")
    ratings = RatingSerializer(many=True)

    class Meta:
        model = Scorecard
        fields = ["id", "interview", "interviewer", "recommendation", "notes", "ratings", "submitted_at"]
        read_only_fields = fields


class ScorecardsSerializer(serializers.Serializer):
    visible = serializers.BooleanField(
        help_text=_("False until you have submitted your own scorecard for this candidate: then none are shown.")
    )
    scorecards = ScorecardSerializer(many=True)


class ScorecardInputSerializer(serializers.Serializer):
    ratings = RatingSerializer(many=True, help_text=_("One score (1 to 5) per attribute of the job."))
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class AttributeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScorecardAttribute
        fields = ["id", "name", "position"]
        read_only_fields = fields


class AttributesInputSerializer(serializers.Serializer):
    names = serializers.ListField(child=serializers.CharField(max_length=80), help_text=_("In the scorecard's order."))


class RespondInputSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=[(status.value, status.label) for status in CANDIDATE_RESPONSES])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


def row_id(pk: str) -> int:
    """A path's id: the routes take any text, so that a malformed one is the API's JSON 404."""
    if not pk.isdigit() or len(pk) > 18:  # past a bigint: no such row either
        raise NotFound(_("Not found."))
    return int(pk)


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
        if self.action in {"create", "reschedule", "cancel", "scorecards"}:
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
        summary="Move an interview (a new invitation)",
        request=SlotInputSerializer,
        responses=InterviewSerializer,
        examples=[
            OpenApiExample(
                "An hour later",
                value={"starts_at": "2026-12-03T11:00:00+01:00", "time_zone": "Europe/Paris", "location": "Lyon"},
                request_only=True,
            )
        ],
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

    @extend_schema(
        methods=["GET"],
        summary="The candidate's scorecards for this interview's application (blind until yours is in)",
        request=None,
        responses=ScorecardsSerializer,
    )
    @extend_schema(
        methods=["POST"],
        summary="Submit your scorecard (an interviewer, after the interview)",
        examples=[
            OpenApiExample(
                "Two points",
                value={
                    "ratings": [{"attribute": 5, "score": 4}, {"attribute": 6, "score": 3}],
                    "recommendation": "yes",
                },
                request_only=True,
            )
        ],
        request=ScorecardInputSerializer,
        responses={201: ScorecardSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def scorecards(self, request, pk=None):
        interview = self.get_object()
        user = signed_in(request)
        if request.method == "POST":
            data = ScorecardInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            given = data.validated_data
            scorecard = services.scorecard_submit(
                interview=interview,
                by=user,
                ratings={rating["attribute"]: rating["score"] for rating in given["ratings"]},
                recommendation=given["recommendation"],
                notes=given["notes"],
            )
            scorecard = Scorecard.objects.for_listing().get(pk=scorecard.pk)
            return Response(ScorecardSerializer(scorecard).data, status=status.HTTP_201_CREATED)
        summary = services.scorecards_visible(application=interview.application, viewer=user)
        return Response(ScorecardsSerializer(summary).data)


class ScorecardAttributesView(APIView):
    """What a job's interviewers rate (the company's members): the defaults until edited."""

    permission_classes = [IsEmployer]

    def _job(self, request, pk: str):
        job = Job.objects.for_company_member(signed_in(request)).filter(pk=row_id(pk)).first()
        if job is None:
            raise NotFound(_("No such job in your company."))
        return job

    @extend_schema(summary="A job's scorecard attributes", responses=AttributeSerializer(many=True))
    def get(self, request, pk: str):
        attributes = services.scorecard_attributes_for(job=self._job(request, pk))
        return Response(AttributeSerializer(attributes, many=True).data)

    @extend_schema(
        summary="Replace a job's scorecard attributes (a rated one cannot go)",
        request=AttributesInputSerializer,
        responses=AttributeSerializer(many=True),
    )
    def put(self, request, pk: str):
        job = self._job(request, pk)
        data = AttributesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attributes = services.scorecard_attributes_set(job=job, names=data.validated_data["names"], by=request.user)
        return Response(AttributeSerializer(attributes, many=True).data)


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", allow_null=True, default=None)
    mentioned = serializers.SerializerMethodField(help_text=_("The teammates the note notified."))

    class Meta:
        model = ApplicationNote
        fields = ["id", "author", "body", "mentioned", "created_at"]
        read_only_fields = fields

    def get_mentioned(self, note) -> list[str]:
        return [user.display_name for user in note.mentioned.all()]


class NoteInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000, help_text=_("@name or @address notifies a teammate."))


class ApplicationNotesView(APIView):
    """The company's private notes on one of its applications (its members only)."""

    permission_classes = [IsEmployer]

    def _application(self, request, pk: str):
        application = (
            Application.objects.for_company_member(signed_in(request))
            .select_related("job", "candidate__user")
            .filter(pk=row_id(pk))
            .first()
        )
        if application is None:
            raise NotFound(_("No such application in your company."))
        return application

    @extend_schema(summary="An application's private notes, oldest first", responses=NoteSerializer(many=True))
    def get(self, request, pk: str):
        notes = ApplicationNote.objects.filter(application=self._application(request, pk)).for_listing()
        return Response(NoteSerializer(notes, many=True).data)

    @extend_schema(
        summary="Write a private note; @mentioned teammates are notified",
        examples=[OpenApiExample("With a mention", value={"body": "Strong portfolio, @grace?"}, request_only=True)],
        request=NoteInputSerializer,
        responses={201: NoteSerializer},
    )
    def post(self, request, pk: str):
        application = self._application(request, pk)
        data = NoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.note_add(application=application, by=request.user, body=data.validated_data["body"])
        note = ApplicationNote.objects.for_listing().get(pk=note.pk)
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class BulkMoveInputSerializer(serializers.Serializer):
    applications = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, max_length=500, help_text=_("Ids of the job's applications.")
    )
    status = serializers.ChoiceField(choices=EMPLOYER_STATUS_CHOICES)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    template = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=_("A message template to send each one moved.")
    )


class BulkMoveFailureSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()


class BulkMoveResultSerializer(serializers.Serializer):
    bulk_move = serializers.IntegerField(
        allow_null=True, help_text=_("Undo it within 10 minutes; null if none moved.")
    )
    undo_until = serializers.DateTimeField(allow_null=True)
    moved = serializers.IntegerField()
    failed = BulkMoveFailureSerializer(many=True)


class UndoResultSerializer(serializers.Serializer):
    restored = serializers.IntegerField()
    kept = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Applications changed since the move: left as they are.")
    )


class BulkMoveView(APIView):
    """Move several of a job's applications at once (its company's members); undoable for 10 minutes."""

    permission_classes = [IsEmployer]

    @extend_schema(
        summary="Move several applications at once",
        examples=[
            OpenApiExample(
                "Reject these with the template",
                value={"applications": [12, 13, 14], "status": "rejected", "template": 3},
                request_only=True,
            )
        ],
        request=BulkMoveInputSerializer,
        responses=BulkMoveResultSerializer,
    )
    def post(self, request, pk: str):
        user = signed_in(request)
        job = Job.objects.for_company_member(user).filter(pk=row_id(pk)).first()
        if job is None:
            raise NotFound(_("No such job in your company."))
        data = BulkMoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        applications = list(job.applications.filter(pk__in=given["applications"]).select_related("candidate__user"))
        if len(applications) != len(set(given["applications"])):
            raise ValidationError({"applications": [_("Some of these are not applications to this job.")]})
        template = None
        if given["template"] is not None:
            template = MessageTemplate.objects.filter(company_id=job.company_id, pk=given["template"]).first()
            if template is None:
                raise ValidationError({"template": [_("Choose one of your company's templates.")]})
        result = services.applications_bulk_move(
            job=job, applications=applications, to=given["status"], by=user, note=given["note"], template=template
        )
        bulk_move = result.bulk_move
        return Response(
            BulkMoveResultSerializer(
                {
                    "bulk_move": bulk_move.pk if bulk_move else None,
                    "undo_until": bulk_move.undo_until if bulk_move else None,
                    "moved": result.moved,
                    "failed": [
                        {"application": application.pk, "code": error.code, "message": str(error.message)}
                        for application, error in result.failed
                    ],
                }
            ).data
        )


class BulkMoveUndoView(APIView):
    """Undo one's own bulk move, within 10 minutes, once."""

    permission_classes = [IsEmployer]

    @extend_schema(summary="Undo a bulk move", request=None, responses=UndoResultSerializer)
    def post(self, request, pk: str):
        bulk_move = BulkMove.objects.filter(pk=row_id(pk), moved_by=signed_in(request)).first()
        if bulk_move is None:
            raise NotFound(_("No such bulk move of yours."))
        result = services.bulk_move_undo(bulk_move=bulk_move, by=request.user)
        return Response(UndoResultSerializer({"restored": result.restored, "kept": [a.pk for a in result.kept]}).data)


TEMPLATE_EXAMPLE = OpenApiExample(
    "A rejection",
    value={
        "name": "Polite rejection",
        "kind": "rejection",
        "language": "en",
        "subject": "Your application for {job_title}",
        "body": "Dear {candidate_name}, {company} will not move forward. Thank you.",
    },
    request_only=True,
)


class MessageTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MessageTemplate
        fields = ["id", "name", "kind", "language", "subject", "body", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        extra_kwargs = {"body": {"help_text": _("Placeholders: {candidate_name}, {job_title}, {company}.")}}


@extend_schema_view(
    list=extend_schema(summary="Your company's message templates"),
    create=extend_schema(summary="Write a message template", examples=[TEMPLATE_EXAMPLE]),
    retrieve=extend_schema(summary="A message template"),
    partial_update=extend_schema(
        summary="Change a message template",
        examples=[OpenApiExample("A new subject", value={"subject": "About {job_title}"}, request_only=True)],
    ),
    destroy=extend_schema(summary="Delete a message template (messages sent keep their text)"),
)
class MessageTemplateViewSet(UserScopedMixin, viewsets.ModelViewSet):
    serializer_class = MessageTemplateSerializer
    permission_classes = [IsEmployer]
    pagination_class = None
    scoped_model = MessageTemplate
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def scoped_queryset(self, user):
        return MessageTemplate.objects.filter(company__memberships__user=user)

    def perform_create(self, serializer):
        membership = Membership.objects.of_user(signed_in(self.request)).select_related("company").first()
        if membership is None:
            raise PermissionDenied(_("Create or join a company first."))
        serializer.instance = services.template_save(
            company=membership.company, by=signed_in(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer):
        template = serializer.instance
        given = {field: getattr(template, field) for field in ["name", "kind", "language", "subject", "body"]}
        serializer.instance = services.template_save(
            company=template.company,
            by=signed_in(self.request),
            template=template,
            **{**given, **serializer.validated_data},
        )


class ApplicationMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationMessage
        fields = ["id", "subject", "body", "sent_at"]
        read_only_fields = fields


class SendMessageInputSerializer(serializers.Serializer):
    template = serializers.IntegerField(help_text=_("One of your company's message templates."))


class ApplicationMessagesBase(APIView):
    """An application that the user may see, and one of its company's templates."""

    def _application(self, request, pk: str):
        application = (
            Application.objects.visible_to(signed_in(request))
            .select_related("job__company", "candidate__user")
            .filter(pk=row_id(pk))
            .first()
        )
        if application is None:
            raise NotFound(_("No such application."))
        return application

    def _template(self, request, application):
        data = SendMessageInputSerializer(data=request.data if request.method == "POST" else request.query_params)
        data.is_valid(raise_exception=True)
        if not Application.objects.for_company_member(request.user).filter(pk=application.pk).exists():
            raise PermissionDenied(_("Only the company's members send messages."))
        template = MessageTemplate.objects.filter(
            company_id=application.job.company_id, pk=data.validated_data["template"]
        ).first()
        if template is None:
            raise ValidationError({"template": [_("Choose one of your company's templates.")]})
        return template


class ApplicationMessagesView(ApplicationMessagesBase):
    """The messages the company sent about an application: its members and the candidate read
    them; the members send them from a template."""

    @extend_schema(summary="The messages sent about an application", responses=ApplicationMessageSerializer(many=True))
    def get(self, request, pk: str):
        messages = ApplicationMessage.objects.filter(application=self._application(request, pk))
        return Response(ApplicationMessageSerializer(messages, many=True).data)

    @extend_schema(
        summary="Send the candidate a message from a template (the company's members)",
        examples=[OpenApiExample("A rejection", value={"template": 3}, request_only=True)],
        request=SendMessageInputSerializer,
        responses={201: ApplicationMessageSerializer},
    )
    def post(self, request, pk: str):
        application = self._application(request, pk)
        template = self._template(request, application)
        (message,) = services.messages_send(applications=[application], template=template, by=request.user)
        return Response(ApplicationMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class ApplicationMessagePreviewView(ApplicationMessagesBase):
    @extend_schema(
        summary="What a template gives for this application, before sending it",
        parameters=[SendMessageInputSerializer],
        responses=ApplicationMessageSerializer,
    )
    def get(self, request, pk: str):
        application = self._application(request, pk)
        subject, body = services.message_render(template=self._template(request, application), application=application)
        return Response({"id": None, "subject": subject, "body": body, "sent_at": None})
