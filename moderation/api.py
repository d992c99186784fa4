"""Reporting a job over the API (jobs/{id}/report/): anyone, guests included, rate limited."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from jobs.models import Job
from moderation import services
from moderation.models import JobReport, ReportReason
from moderation.views import client_key


class JobReportSerializer(serializers.ModelSerializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="", help_text=_("What our team should look at.")
    )

    class Meta:
        model = JobReport
        fields = ["id", "job", "reason", "note", "status", "created_at"]
        read_only_fields = ["id", "job", "status", "created_at"]


class JobReportView(GenericAPIView):
    """Tell our team that a job breaks the rules. Anyone may, guests too; a few reports an hour
    per account or address (429 beyond); the same person reports a job once while it is open."""

    permission_classes = [AllowAny]
    serializer_class = JobReportSerializer
    pagination_class = None

    @extend_schema(
        summary="Report a job",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The job's id.")],
        responses={201: JobReportSerializer},
        examples=[
            OpenApiExample(
                "A scam", value={"reason": "scam", "note": "Asks for a payment to apply."}, request_only=True
            ),
            OpenApiExample(
                "Received",
                value={
                    "id": 31,
                    "job": 42,
                    "reason": "scam",
                    "note": "Asks for a payment to apply.",
                    "status": "open",
                    "created_at": "2026-11-21T10:00:00Z",
                },
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request, pk: str):
        job = Job.objects.visible().filter(pk=int(pk)).first() if pk.isdecimal() else None
        if job is None:  # no such job, or not public
            raise NotFound
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_submit(
            job=job,
            reporter=request.user if request.user.is_authenticated else None,
            reason=serializer.validated_data["reason"],
            note=serializer.validated_data["note"],
            client_key=client_key(request),
        )
        return Response(JobReportSerializer(report).data, status=status.HTTP_201_CREATED)
