"""A candidate's own data over the API: me/experiences, me/educations, me/skills, me/cvs, saved-jobs."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from accounts.permissions import IsCandidate, signed_in
from candidates import services
from candidates.files import cv_file_response
from candidates.models import CONSTRAINT_MESSAGES, CV, Education, Experience, SavedJob, Skill
from intowork.exceptions import error_response
from intowork.paginators import ApiCursorPagination
from intowork.serializers import ConstraintCheckedSerializer
from intowork.viewsets import UserScopedMixin
from jobs.api.search import CompanySummarySerializer
from jobs.models import Job


class CandidateOwnedViewSet(UserScopedMixin, viewsets.ModelViewSet):
    """CRUD of rows that belong to the signed-in candidate's profile: others' rows are 404."""

    permission_classes = [IsCandidate]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def scoped_queryset(self, user):
        return self.scoped_model._default_manager.filter(candidate__user=user)

    def get_serializer_context(self):
        context = dict(super().get_serializer_context())
        if self.action in {"create", "partial_update"}:  # constraints may involve the owner
            context["owner"] = {"candidate": services.profile_for_user(user=signed_in(self.request))}
        return context

    # The same service functions as the profile page: (add, update, delete, row keyword).
    services_for_rows: tuple

    def perform_create(self, serializer):
        add, _update, _delete, _row = self.services_for_rows
        serializer.instance = add(**serializer.context["owner"], **serializer.validated_data)

    def perform_update(self, serializer):
        _add, update, _delete, row = self.services_for_rows
        serializer.instance = update(**{row: serializer.instance}, **serializer.validated_data)

    def perform_destroy(self, instance):
        _add, _update, delete, row = self.services_for_rows
        delete(**{row: instance})


class ExperienceSerializer(ConstraintCheckedSerializer):
    constraint_messages = CONSTRAINT_MESSAGES

    class Meta:
        model = Experience
        fields = ["id", "title", "company_name", "location", "description", "start_date", "end_date", "is_current"]


class EducationSerializer(ConstraintCheckedSerializer):
    constraint_messages = CONSTRAINT_MESSAGES

    class Meta:
        model = Education
        fields = ["id", "school", "degree", "field_of_study", "start_date", "end_date", "description"]


class SkillSerializer(ConstraintCheckedSerializer):
    constraint_messages = CONSTRAINT_MESSAGES

    class Meta:
        model = Skill
        fields = ["id", "name", "level"]


def crud_schema(noun: str, example: dict):
    request_example = {key: value for key, value in example.items() if key != "id"}
    return extend_schema_view(
        list=extend_schema(summary=f"Your {noun}s"),
        create=extend_schema(
            summary=f"Add a {noun}",
            examples=[
                OpenApiExample(f"A {noun}", value=request_example, request_only=True),
                OpenApiExample(f"The new {noun}", value=example, response_only=True),
            ],
        ),
        retrieve=extend_schema(summary=f"One of your {noun}s"),
        partial_update=extend_schema(
            summary=f"Change a {noun}",
            examples=[
                OpenApiExample(
                    f"Change a {noun}", value=dict([next(iter(request_example.items()))]), request_only=True
                ),
                OpenApiExample(f"The changed {noun}", value=example, response_only=True),
            ],
        ),
        destroy=extend_schema(summary=f"Remove a {noun}"),
    )


@crud_schema(
    "experience",
    {
        "id": 5,
        "title": "Backend developer",
        "company_name": "Acme",
        "location": "Lyon",
        "description": "Payments API.",
        "start_date": "2021-03-01",
        "end_date": None,
        "is_current": True,
    },
)
class ExperienceViewSet(CandidateOwnedViewSet):
    serializer_class = ExperienceSerializer
    scoped_model = Experience
    services_for_rows = (services.experience_add, services.experience_update, services.experience_delete, "experience")
    pagination_class = type("ExperiencePagination", (ApiCursorPagination,), {"ordering": ("-start_date", "-id")})


@crud_schema(
    "education",
    {
        "id": 2,
        "school": "Université de Lyon",
        "degree": "MSc Computer Science",
        "field_of_study": "Databases",
        "start_date": "2015-09-01",
        "end_date": "2017-06-30",
        "description": "",
    },
)
class EducationViewSet(CandidateOwnedViewSet):
    serializer_class = EducationSerializer
    scoped_model = Education
    services_for_rows = (services.education_add, services.education_update, services.education_delete, "education")
    pagination_class = type("EducationPagination", (ApiCursorPagination,), {"ordering": ("-start_date", "-id")})


@crud_schema("skill", {"id": 9, "name": "PostgreSQL", "level": "advanced"})
class SkillViewSet(CandidateOwnedViewSet):
    serializer_class = SkillSerializer
    scoped_model = Skill
    services_for_rows = (services.skill_add, services.skill_update, services.skill_delete, "skill")
    pagination_class = type("SkillPagination", (ApiCursorPagination,), {"ordering": ("name", "id")})


# --- CVs -----------------------------------------------------------------------------------


class CVSerializer(serializers.ModelSerializer):
    class Meta:
        model = CV
        fields = ["id", "title", "content_type", "size", "is_default", "uploaded_at"]
        read_only_fields = fields


class CVUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A PDF or DOCX document, at most 5 MB (checked by content)."))
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    make_default = serializers.BooleanField(required=False, default=False)


# The file, typed by the content type checked at upload.
CV_DOWNLOAD_RESPONSES = {(200, content_type): OpenApiTypes.BINARY for content_type in services.CV_CONTENT_TYPES}

CV_EXAMPLE = {
    "id": 12,
    "title": "CV 2026",
    "content_type": "application/pdf",
    "size": 183211,
    "is_default": True,
    "uploaded_at": "2026-11-20T09:00:00Z",
}


@extend_schema_view(
    list=extend_schema(summary="Your CVs, the default first"),
    retrieve=extend_schema(summary="One of your CVs"),
    destroy=extend_schema(summary="Delete a CV (another becomes the default if it was)"),
)
class CVViewSet(UserScopedMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """The candidate's CVs: files are never public, they are downloaded through this API."""

    permission_classes = [IsCandidate]
    serializer_class = CVSerializer
    parser_classes = [MultiPartParser, FormParser]
    pagination_class = type("CVPagination", (ApiCursorPagination,), {"ordering": ("-uploaded_at", "-id")})

    scoped_model = CV

    def scoped_queryset(self, user):
        return CV.objects.filter(candidate__user=user)

    def get_throttles(self):
        if self.action == "create":
            self.throttle_scope = "uploads"
            return [*super().get_throttles(), ScopedRateThrottle()]
        return super().get_throttles()

    @extend_schema(
        summary="Upload a CV (multipart/form-data)",
        request={"multipart/form-data": CVUploadSerializer},
        responses={
            201: CVSerializer,
            409: OpenApiResponse(description="The candidate already keeps 10 CVs (code cv_limit)."),
            413: OpenApiResponse(description="Larger than 5 MB."),
        },
        examples=[
            OpenApiExample(
                "A CV (with its file part)", value={"title": "CV 2026", "make_default": True}, request_only=True
            ),
            OpenApiExample("Uploaded", value=CV_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    )
    def create(self, request, *args, **kwargs):
        # Refuse an oversized body before parsing it: the file would be spooled to disk first.
        if int(request.META.get("CONTENT_LENGTH") or 0) > services.CV_MAX_BYTES + 64 * 1024:
            return error_response(413, "cv_too_large", _("A CV can be at most 5 MB."), {"file": [_("At most 5 MB.")]})
        upload = CVUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        cv = services.cv_upload(
            candidate=services.profile_for_user(user=request.user),
            file=upload.validated_data["file"],
            title=upload.validated_data.get("title", ""),
            make_default=upload.validated_data["make_default"],
        )
        return Response(CVSerializer(cv).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.cv_delete(cv=instance)

    @extend_schema(
        summary="Make this CV the default",
        request=None,
        examples=[OpenApiExample("Now the default", value=CV_EXAMPLE, response_only=True)],
    )
    @action(detail=True, methods=["post"])
    def default(self, request, pk=None):
        cv = services.cv_set_default(cv=self.get_object())
        return Response(CVSerializer(cv).data)

    @extend_schema(
        summary="Download the file",
        responses=CV_DOWNLOAD_RESPONSES,
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return cv_file_response(self.get_object())


# --- saved-jobs/ ----------------------------------------------------------------------------


class SavedJobJobSerializer(serializers.ModelSerializer):
    company = CompanySummarySerializer(read_only=True)

    class Meta:
        model = Job
        fields = ["id", "title", "company", "location", "salary_min", "salary_max", "salary_currency", "status"]


class SavedJobSerializer(serializers.ModelSerializer):
    job = serializers.PrimaryKeyRelatedField(
        queryset=Job.objects.published(), help_text=_("A published job's id."), write_only=True
    )
    job_detail = SavedJobJobSerializer(source="job", read_only=True)

    class Meta:
        model = SavedJob
        fields = ["job", "job_detail", "created_at"]
        read_only_fields = ["created_at"]


SAVED_JOB_EXAMPLE = {
    "job_detail": {
        "id": 42,
        "title": "Python Developer",
        "company": {"name": "Acme", "slug": "acme"},
        "location": "Lyon",
        "salary_min": 50000,
        "salary_max": 65000,
        "salary_currency": "EUR",
        "status": "published",
    },
    "created_at": "2026-11-20T09:00:00Z",
}


@extend_schema_view(
    list=extend_schema(summary="Your saved jobs, newest first"),
    create=extend_schema(
        summary="Save a job (saving twice is the same as once)",
        examples=[
            OpenApiExample("Save job 42", value={"job": 42}, request_only=True),
            OpenApiExample("Saved", value=SAVED_JOB_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    ),
    destroy=extend_schema(summary="Forget a saved job, by the job's id"),
)
class SavedJobViewSet(
    UserScopedMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsCandidate]
    serializer_class = SavedJobSerializer
    lookup_field = "job"
    lookup_value_regex = r"\d+"
    pagination_class = type("SavedJobPagination", (ApiCursorPagination,), {"ordering": ("-created_at", "-id")})

    scoped_model = SavedJob

    def scoped_queryset(self, user):
        return SavedJob.objects.filter(candidate__user=user).select_related("job__company")

    def perform_create(self, serializer):
        candidate = services.profile_for_user(user=signed_in(self.request))
        serializer.instance = services.saved_job_add(candidate=candidate, job=serializer.validated_data["job"])

    def perform_destroy(self, instance):
        services.saved_job_remove(candidate=instance.candidate, job=instance.job)
