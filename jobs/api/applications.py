"""Applications over the API: a candidate applies and withdraws; the company's members move
them through the pipeline. Each sees only their own or their companies' (others get 404)."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.permissions import IsCandidate, signed_in
from candidates.api import CV_DOWNLOAD_RESPONSES
from candidates.files import cv_file_response
from candidates.models import CV, CandidateProfile
from candidates.services import profile_for_user
from intowork.paginators import ApiCursorPagination
from intowork.viewsets import UserScopedMixin
from jobs import services
from jobs.api import examples
from jobs.api.search import CompanySummarySerializer
from jobs.models import (
    EMPLOYER_SETTABLE_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Job,
    WithdrawalReason,
)


class ApplicationJobSerializer(serializers.ModelSerializer):
    company = CompanySummarySerializer(read_only=True)

    class Meta:
        model = Job
        fields = ["id", "title", "slug", "company", "status"]


class ApplicantSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.get_full_name")

    class Meta:
        model = CandidateProfile
        fields = ["id", "name", "email", "headline", "location"]


class ApplicationCVSerializer(serializers.ModelSerializer):
    class Meta:
        model = CV
        fields = ["id", "title", "content_type", "size"]


class StatusChangeSerializer(serializers.ModelSerializer):
    note = serializers.SerializerMethodField(help_text=_("The employer's private note (empty for the candidate)."))

    class Meta:
        model = ApplicationStatusChange
        fields = ["from_status", "to_status", "note", "created_at"]

    def get_note(self, change) -> str:
        return change.note if self.context.get("sees_employer_notes") else ""


class ApplicationSerializer(serializers.ModelSerializer):
    job = ApplicationJobSerializer(read_only=True)
    candidate = ApplicantSerializer(read_only=True, allow_null=True)
    cv = ApplicationCVSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Application
        fields = ["id", "job", "candidate", "cv", "status", "applied_at", "updated_at"]
        read_only_fields = fields


class ApplicationDetailSerializer(ApplicationSerializer):
    history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    employer_notes = serializers.SerializerMethodField(
        help_text=_("Private to the company's members: null for the candidate.")
    )
    next_statuses = serializers.SerializerMethodField(help_text=_("Where the viewer may move it from here."))
    withdrawal_reason = serializers.ChoiceField(
        choices=WithdrawalReason.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("Why the candidate withdrew, if they said: empty otherwise."),
    )

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "cover_letter",
            "withdrawal_reason",
            "employer_notes",
            "next_statuses",
            "history",
        ]
        read_only_fields = fields

    def get_employer_notes(self, application) -> str | None:
        return application.employer_notes if self.context.get("sees_employer_notes") else None

    def get_next_statuses(self, application) -> list[str]:
        if self.context.get("is_member"):
            return [status.value for status in application.employer_moves]
        if self.context.get("is_applicant") and application.can_withdraw:
            return [ApplicationStatus.WITHDRAWN.value]
        return []


@extend_schema_field(OpenApiTypes.INT)
class OwnCVField(serializers.PrimaryKeyRelatedField):
    """Another candidate's CV id is "does not exist", exactly like a wrong one."""

    def get_queryset(self):
        return CV.objects.filter(candidate__user=self.context["request"].user)


class ApplyInputSerializer(serializers.Serializer):
    job = serializers.PrimaryKeyRelatedField(queryset=Job.objects.published(), help_text=_("A published job's id."))
    cv = OwnCVField(required=False, allow_null=True, help_text=_("One of your CVs; default: none."))
    cover_letter = serializers.CharField(required=False, allow_blank=True, max_length=10_000, default="")


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=WithdrawalReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Why you withdraw (optional): the employer's statistics count the reasons."),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, default="", help_text=_("A word for the employer.")
    )


EMPLOYER_STATUS_CHOICES = [(status.value, status.label) for status in EMPLOYER_SETTABLE_STATUSES]


class StatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EMPLOYER_STATUS_CHOICES)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5_000, default="")


class ApplicationFilter(django_filters.FilterSet):
    # A column of the application itself: no join can repeat rows, so no DISTINCT (which
    # django-filter adds by default and which sorted every wide row before the limit).
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices, distinct=False)
    job = django_filters.NumberFilter(field_name="job_id", help_text=_("A job's id."))

    class Meta:
        model = Application
        fields = ["status", "job"]


@extend_schema_view(
    list=extend_schema(
        summary="A candidate's own applications, or an employer's company's",
        examples=[
            OpenApiExample(
                "One page",
                value={
                    "next": None,
                    "previous": None,
                    "results": [
                        {k: v for k, v in examples.APPLICATION.items() if k in ApplicationSerializer.Meta.fields}
                    ],
                },
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="An application with its history (a member's first look marks it viewed)",
        examples=[OpenApiExample("As the company sees it", value=examples.APPLICATION, response_only=True)],
    ),
)
class ApplicationViewSet(UserScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    pagination_class = type("ApplicationPagination", (ApiCursorPagination,), {"ordering": ("-applied_at", "-id")})

    scoped_model = Application

    def scoped_queryset(self, user):
        applications = Application.objects.visible_to(user).for_listing()
        if self.action == "list":
            return applications
        history = ApplicationStatusChange.objects.order_by("created_at", "id")
        return applications.prefetch_related(Prefetch("status_changes", queryset=history))

    def get_serializer_class(self):
        return ApplicationSerializer if self.action == "list" else ApplicationDetailSerializer

    def get_permissions(self):
        if self.action == "create":
            return [IsCandidate()]
        return super().get_permissions()

    def _roles(self, application) -> dict:
        user = signed_in(self.request)
        is_member = services.company_is_member(user=user, company=application.job.company)
        return {
            "is_member": is_member,
            "is_applicant": application.candidate.user_id == user.pk,
            "sees_employer_notes": is_member or user.is_staff,
        }

    def _respond(self, application, roles=None, *, reload=True, status_code=status.HTTP_200_OK) -> Response:
        """The application as the viewer may see it; ``reload`` after a write, for its history."""
        if reload:
            application = self.scoped_queryset(self.request.user).get(pk=application.pk)
        context = {**self.get_serializer_context(), **(roles or self._roles(application))}
        return Response(ApplicationDetailSerializer(application, context=context).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        application = self.get_object()
        roles = self._roles(application)
        viewed_now = False
        if not roles["is_applicant"]:  # someone else's application: the company's audit trail records it
            viewed_now = services.application_open(
                application=application, by=request.user, as_member=roles["is_member"]
            )
        return self._respond(application, roles, reload=viewed_now)

    @extend_schema(
        summary="Apply to a job",
        request=ApplyInputSerializer,
        responses={201: ApplicationDetailSerializer},
        examples=[
            OpenApiExample(
                "Apply with a CV",
                value=examples.APPLY,
                request_only=True,
            ),
            OpenApiExample(
                "Already applied (409)", value=examples.ALREADY_APPLIED, response_only=True, status_codes=["409"]
            ),
        ],
    )
    def create(self, request):
        data = ApplyInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        application = services.application_submit(
            candidate=profile_for_user(user=request.user),
            job=data.validated_data["job"],
            cv=data.validated_data.get("cv"),
            cover_letter=data.validated_data["cover_letter"],
        )
        return self._respond(application, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Withdraw your application",
        request=WithdrawInputSerializer,
        responses=ApplicationDetailSerializer,
        examples=[
            OpenApiExample("With a reason", value={"reason": "other_offer", "note": "Thank you!"}, request_only=True)
        ],
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        roles = self._roles(application)
        if not roles["is_applicant"]:
            raise PermissionDenied(_("Only the candidate can withdraw an application."))
        given = WithdrawInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.application_withdraw(application=application, by=request.user, **given.validated_data)
        return self._respond(application, roles)

    @extend_schema(
        summary="Move the application in the pipeline (the company's members)",
        request=StatusInputSerializer,
        responses=ApplicationDetailSerializer,
        examples=[
            OpenApiExample(
                "Invite to an interview",
                value={"status": "interview", "note": "Strong PostgreSQL."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        application = self.get_object()
        roles = self._roles(application)
        if not roles["is_member"]:
            raise PermissionDenied(_("Only the company's members can move an application."))
        data = StatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_change_status(
            application=application,
            to=data.validated_data["status"],
            by=request.user,
            note=data.validated_data["note"],
        )
        return self._respond(application, roles)

    @extend_schema(
        summary="Download the CV sent with the application",
        responses=CV_DOWNLOAD_RESPONSES,
    )
    @action(detail=True, methods=["get"])
    def cv(self, request, pk=None):
        application = self.get_object()
        if application.cv is None:
            raise NotFound(_("No CV was sent with this application."))
        user = signed_in(request)
        if application.candidate.user_id == user.pk:
            return cv_file_response(application.cv)
        return cv_file_response(
            application.cv, accessed_by=user, company_id=application.job.company_id, application_id=application.pk
        )
