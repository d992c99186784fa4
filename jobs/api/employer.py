"""The employer's side: their company (employer/company/), its members and invitations
(employer/company/members/, employer/company/invitations/) and its jobs (employer/jobs/)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import IsEmployer, signed_in
from intowork.exceptions import ConflictError
from intowork.paginators import ApiCursorPagination
from intowork.serializers import ConstraintCheckedSerializer
from intowork.viewsets import UserScopedMixin
from jobs import services
from jobs.api import examples
from jobs.models import (
    COMPANY_CONSTRAINT_MESSAGES,
    JOB_CONSTRAINT_MESSAGES,
    JOB_CONTENT_FIELDS,
    Company,
    CompanyInvitation,
    Job,
    JobStatus,
    MemberRole,
    Membership,
)


def membership_of(user) -> Membership | None:
    """The employer's company membership (their first, if they belong to several)."""
    return Membership.objects.of_user(user).first()


# --- employer/company/ --------------------------------------------------------------------------


class EmployerCompanySerializer(ConstraintCheckedSerializer):
    constraint_messages = COMPANY_CONSTRAINT_MESSAGES
    my_role = serializers.SerializerMethodField(help_text=_("Your role in the company: owner or recruiter."))

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "website",
            "industry",
            "size",
            "location",
            "retention_months",
            "my_role",
        ]
        read_only_fields = ["id", "slug", "my_role"]

    def get_my_role(self, company) -> str:
        return self.context["my_role"]


class EmployerCompanyView(GenericAPIView):
    """The signed-in employer's company: create it once, then read it; its owners change it."""

    permission_classes = [IsEmployer]
    serializer_class = EmployerCompanySerializer
    pagination_class = None

    def _response(self, membership, status_code=status.HTTP_200_OK):
        context = {**self.get_serializer_context(), "my_role": membership.role}
        return Response(EmployerCompanySerializer(membership.company, context=context).data, status=status_code)

    def _membership(self) -> Membership:
        membership = membership_of(self.request.user)
        if membership is None:
            raise NotFound(_("You have no company yet: create it first."))
        return membership

    @extend_schema(examples=[OpenApiExample("Your company", value=examples.COMPANY, response_only=True)])
    def get(self, request):
        return self._response(self._membership())

    @extend_schema(
        responses={201: EmployerCompanySerializer},
        examples=[
            OpenApiExample("A new company", value=examples.COMPANY_INPUT, request_only=True),
            OpenApiExample("Created", value=examples.COMPANY, response_only=True, status_codes=["201"]),
        ],
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data, context={"my_role": MemberRole.OWNER})
        serializer.is_valid(raise_exception=True)
        services.company_create(owner=request.user, **serializer.validated_data)
        return self._response(membership_of(request.user), status.HTTP_201_CREATED)

    @extend_schema(
        examples=[
            OpenApiExample("A new description", value={"description": "Now 120 people."}, request_only=True),
            OpenApiExample("Updated", value=examples.COMPANY, response_only=True),
        ]
    )
    def patch(self, request):
        membership = self._membership()
        if membership.role != MemberRole.OWNER:
            raise PermissionDenied(_("Only the company's owners can change it."))
        serializer = self.get_serializer(membership.company, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.company_update(company=membership.company, by=request.user, **serializer.validated_data)
        return self._response(membership)


# --- employer/company/members/ and employer/company/invitations/ --------------------------------


def owner_membership(user) -> Membership:
    """The employer's membership if they own their company: a 404 without a company, a 403 for
    a recruiter."""
    membership = membership_of(user)
    if membership is None:
        raise NotFound(_("You have no company yet: create it first."))
    if membership.role != MemberRole.OWNER:
        raise PermissionDenied(_("Only the company's owners can do this."))
    return membership


class CompanyScopedMixin(UserScopedMixin):
    """Rows of the signed-in employer's company (their first); none without one. Read on every
    request: a removed member sees nothing from the moment they are removed."""

    def scoped_queryset(self, user):
        membership = membership_of(user)
        if membership is None:
            return self.scoped_model._default_manager.none()
        return self.company_queryset(membership.company)

    def company_queryset(self, company):
        raise NotImplementedError


class CompanyMemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)
    is_you = serializers.SerializerMethodField(help_text=_("Whether this member is the signed-in employer."))
    role = serializers.ChoiceField(
        choices=MemberRole.choices, help_text=_("Owners change the company and its members.")
    )

    class Meta:
        model = Membership
        fields = ["id", "email", "name", "role", "job_title", "created_at", "is_you"]
        read_only_fields = ["id", "email", "name", "job_title", "created_at", "is_you"]

    def get_is_you(self, membership) -> bool:
        return membership.user_id == self.context["request"].user.pk


@extend_schema_view(
    list=extend_schema(summary="Your company's members, oldest first"),
    partial_update=extend_schema(
        summary="Change a member's role (owners); a company keeps at least one owner",
        examples=[OpenApiExample("Make an owner", value={"role": "owner"}, request_only=True)],
    ),
    destroy=extend_schema(
        summary="Remove a member (owners), or leave (your own membership); the last owner cannot leave"
    ),
)
class CompanyMemberViewSet(
    CompanyScopedMixin,
    mixins.ListModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsEmployer]
    serializer_class = CompanyMemberSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]
    pagination_class = type("CompanyMemberPagination", (ApiCursorPagination,), {"ordering": ("created_at", "id")})

    scoped_model = Membership

    def company_queryset(self, company):
        return company.memberships.select_related("user")

    def perform_update(self, serializer):
        owner_membership(signed_in(self.request))
        serializer.instance = services.membership_change_role(
            membership=serializer.instance, role=serializer.validated_data["role"], by=signed_in(self.request)
        )

    def perform_destroy(self, instance):
        user = signed_in(self.request)
        if instance.user_id != user.pk:
            owner_membership(user)
        services.membership_remove(membership=instance, by=user)


class CompanyInvitationSerializer(serializers.ModelSerializer):
    invited_by = serializers.CharField(source="invited_by.display_name", read_only=True, default=None)
    is_expired = serializers.BooleanField(read_only=True, help_text=_("Expired invitations can be sent again."))

    class Meta:
        model = CompanyInvitation
        # Never the token: it is the invitee's key, sent to their address only.
        fields = ["id", "email", "invited_by", "created_at", "expires_at", "is_expired"]
        read_only_fields = ["id", "invited_by", "created_at", "expires_at", "is_expired"]


@extend_schema_view(
    list=extend_schema(summary="Your company's invitations not accepted yet, expired ones included"),
    create=extend_schema(
        summary="Invite someone by email (owners); inviting the same address again sends it again",
        examples=[OpenApiExample("An invitation", value={"email": "colleague@example.com"}, request_only=True)],
    ),
    destroy=extend_schema(summary="Revoke an invitation (owners): its link stops working"),
)
class CompanyInvitationViewSet(
    CompanyScopedMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsEmployer]
    serializer_class = CompanyInvitationSerializer
    pagination_class = type(
        "CompanyInvitationPagination", (ApiCursorPagination,), {"ordering": ("-created_at", "-id")}
    )

    scoped_model = CompanyInvitation

    def company_queryset(self, company):
        return company.invitations.open().select_related("invited_by")

    def perform_create(self, serializer):
        user = signed_in(self.request)
        membership = owner_membership(user)
        serializer.instance = services.company_invite(
            company=membership.company, email=serializer.validated_data["email"], by=user
        )

    def perform_destroy(self, instance):
        owner_membership(signed_in(self.request))
        services.invitation_revoke(invitation=instance, by=signed_in(self.request))

    @extend_schema(summary="Send an invitation again (owners), valid for 7 days from now", request=None)
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        invitation = self.get_object()
        owner_membership(signed_in(request))
        invitation = services.invitation_resend(invitation=invitation, by=signed_in(request))
        return Response(self.get_serializer(invitation).data)


# --- employer/jobs/ -----------------------------------------------------------------------------


class EmployerJobSerializer(ConstraintCheckedSerializer):
    constraint_messages = JOB_CONSTRAINT_MESSAGES

    class Meta:
        model = Job
        fields = [
            "id",
            "slug",
            "status",
            *JOB_CONTENT_FIELDS,
            "posted_at",
            "moderation",
            "moderation_note",
            "view_count",
            "application_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "slug",
            "status",
            "moderation",
            "moderation_note",
            "posted_at",
            "view_count",
            "application_count",
            "created_at",
            "updated_at",
        ]


class EmployerJobFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=JobStatus.choices)

    class Meta:
        model = Job
        fields = ["status"]


@extend_schema_view(
    list=extend_schema(summary="Your company's jobs, newest first, every status"),
    create=extend_schema(
        summary="Write a job (a draft until published)",
        examples=[
            OpenApiExample("A draft", value=examples.JOB_INPUT, request_only=True),
            OpenApiExample("Created", value=examples.JOB, response_only=True, status_codes=["201"]),
        ],
    ),
    retrieve=extend_schema(summary="One of your company's jobs"),
    partial_update=extend_schema(
        summary="Edit a job",
        examples=[OpenApiExample("A raise", value={"salary_max": 70000}, request_only=True)],
    ),
    destroy=extend_schema(summary="Delete a draft (publish or archive anything else)"),
)
class EmployerJobViewSet(UserScopedMixin, viewsets.ModelViewSet):
    """The jobs of the companies the signed-in employer belongs to; others' jobs are 404."""

    permission_classes = [IsEmployer]
    serializer_class = EmployerJobSerializer
    filterset_class = EmployerJobFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = type("EmployerJobPagination", (ApiCursorPagination,), {"ordering": ("-created_at", "-id")})

    scoped_model = Job

    def scoped_queryset(self, user):
        return Job.objects.for_company_member(user)

    def get_serializer_context(self):
        context = dict(super().get_serializer_context())
        membership = membership_of(signed_in(self.request)) if self.action == "create" else None
        if membership is not None:
            context["owner"] = {"company": membership.company, "status": JobStatus.DRAFT}
        return context

    def create(self, request, *args, **kwargs):
        if membership_of(signed_in(request)) is None:
            raise ConflictError("no_company", _("Create your company before posting jobs."))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.job_create(
            company=serializer.context["owner"]["company"], author=signed_in(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.job_update(
            job=serializer.instance, by=signed_in(self.request), **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.job_delete(job=instance, by=signed_in(self.request))

    def _transition(self, move):
        job = self.get_object()
        move(job=job, by=self.request.user)
        return Response(self.get_serializer(job).data)

    @extend_schema(
        summary="Publish a draft, or re-open a closed job (needs the salary range)",
        request=None,
        examples=[OpenApiExample("Published", value={**examples.JOB, "status": "published"}, response_only=True)],
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(services.job_publish)

    @extend_schema(
        summary="Close a published job: it leaves search, its applications stay",
        request=None,
        examples=[OpenApiExample("Closed", value={**examples.JOB, "status": "closed"}, response_only=True)],
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(services.job_close)
