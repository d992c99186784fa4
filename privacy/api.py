"""Privacy over the API: me/data-exports/ (download my data), me/policies/ (the policy versions
to accept, and accepting them). Deleting the account is DELETE me/ (accounts.api.MeView)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import signed_in
from privacy import services
from privacy.models import DataExport, PolicyDocument


class DataExportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(
        help_text=_("Where the ZIP is downloaded, signed in, once ready and until it expires; null before.")
    )

    class Meta:
        model = DataExport
        fields = ["id", "status", "requested_at", "expires_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, export) -> str | None:
        if not export.file:
            return None
        return self.context["request"].build_absolute_uri(reverse("privacy:data_export_download", args=[export.pk]))


class DataExportView(GenericAPIView):
    """Download my data: a ZIP of everything the site holds on the signed-in user, built by the
    worker; they are emailed when it is ready. Exports expire after 24 hours."""

    serializer_class = DataExportSerializer
    queryset = DataExport.objects.none()  # for the schema: rows are read by the signed-in user
    pagination_class = None

    @extend_schema(responses=DataExportSerializer(many=True))
    def get(self, request):
        exports = DataExport.objects.listed_for(signed_in(request))
        return Response(self.get_serializer(exports, many=True).data)

    @extend_schema(request=None, responses={202: DataExportSerializer})
    def post(self, request):
        export = services.data_export_request(user=signed_in(request))
        return Response(self.get_serializer(export).data, status=202)


class PolicyToAcceptSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("The document's page, to show before accepting."))

    class Meta:
        model = PolicyDocument
        fields = ["id", "kind", "version", "title", "summary_of_changes", "url"]
        read_only_fields = fields

    def get_url(self, document) -> str:
        name = "privacy:privacy_policy" if document.kind == "privacy" else "privacy:terms"
        return self.context["request"].build_absolute_uri(reverse(name))


class PoliciesView(GenericAPIView):
    """The privacy policy and terms versions in force that the signed-in user has not accepted
    (the pages ask before anything else; an app asks when this list is not empty), and
    accepting them all (POST: 200 with the now empty list)."""

    serializer_class = PolicyToAcceptSerializer
    queryset = PolicyDocument.objects.none()  # for the schema: rows are read by the signed-in user
    pagination_class = None

    def _pending(self, request) -> Response:
        user = signed_in(request)
        pending = services.policies_unaccepted(user=user, document_ids=services.policies_current())
        documents = PolicyDocument.objects.filter(pk__in=pending).order_by("kind") if pending else []
        return Response(self.get_serializer(documents, many=True).data)

    @extend_schema(responses=PolicyToAcceptSerializer(many=True))
    def get(self, request):
        return self._pending(request)

    @extend_schema(request=None, responses=PolicyToAcceptSerializer(many=True))
    def post(self, request):
        current = services.policies_current()
        user = signed_in(request)
        services.policies_accept(user=user, document_ids=services.policies_unaccepted(user=user, document_ids=current))
        return self._pending(request)
