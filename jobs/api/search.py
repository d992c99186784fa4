"""Public, read-only job search for the mobile apps: GET /api/v1/jobs/, /jobs/{id}/, /companies/{slug}/.

The same parameters as the /jobs/ page (q, filters) plus ``ordering`` and a ``cursor``.
Anonymous results are cached (see jobs.search), so a hot search costs one cache read.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle
from rest_framework.utils.urls import replace_query_param

from intowork.absolute_urls import absolute_url
from jobs import services
from jobs.api import examples
from jobs.filters import JobFilter
from jobs.models import Company, Job
from jobs.models.search_query import SUGGESTION_KINDS, Ordering
from jobs.search import SUGGESTIONS_CACHE_TIMEOUT_S, InvalidSearch, search_api_page, search_suggestions


class PublicRateThrottle(SimpleRateThrottle):
    """The "anon" rate per client address, or the "user" rate per account: the two default
    throttles in one, so a public request costs one cache read and write instead of two.
    The keys are those of AnonRateThrottle and UserRateThrottle: one budget across the API."""

    scope = "anon"

    def allow_request(self, request, view):
        self.scope = "user" if request.user.is_authenticated else "anon"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class CompanySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["name", "slug"]


class JobSerializer(serializers.ModelSerializer):
    company = CompanySummarySerializer(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "slug",
            "company",
            "location",
            "location_type",
            "job_type",
            "salary_min",
            "salary_max",
            "salary_currency",
            "skills",
            "posted_at",
            "expires_at",
            "is_featured",
            "url",
        ]

    def get_url(self, job) -> str:
        return job.get_absolute_url()


class JobDetailSerializer(JobSerializer):
    has_applied = serializers.BooleanField(read_only=True)

    class Meta(JobSerializer.Meta):
        fields = [*JobSerializer.Meta.fields, "description", "requirements", "has_applied"]


class CompanySerializer(serializers.ModelSerializer):
    open_jobs = serializers.SerializerMethodField()

    class Meta:
        model = Company
        fields = ["name", "slug", "description", "website", "industry", "size", "location", "open_jobs"]

    @extend_schema_field(JobSerializer(many=True))
    def get_open_jobs(self, company) -> list[Any]:
        """The newest of its open jobs, read by the view (``context["open_jobs"]``)."""
        return list(JobSerializer(self.context["open_jobs"], many=True).data)


@extend_schema_serializer(many=False)  # one page object, though the list action returns it
class JobSearchPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    fuzzy = serializers.BooleanField(help_text="Nothing matched as typed: typos corrected or similar titles.")
    corrected_query = serializers.CharField(allow_null=True, help_text="The query run, when typos were corrected.")
    results = JobSerializer(many=True)


JOB_PAGE = JobSearchPageSerializer


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=SUGGESTION_KINDS, help_text="What the text is: a job title, a company, a skill."
    )
    text = serializers.CharField()


class SuggestionsSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="What was typed, as the suggestions understood it.")
    suggestions = SuggestionSerializer(many=True)


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Published, unexpired jobs. Anyone may search; anonymous callers are rate limited per IP."""

    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    serializer_class = JobSerializer
    filterset_class = JobFilter
    queryset = Job.objects.published()
    pagination_class = None  # keyset cursors through the relevance tiers (jobs.search)
    throttle_scope = "suggestions"  # the suggestions' own rate (ScopedRateThrottle), not the search's

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description='Words, "phrases", -excluded, or. Typos are tolerated.'),
            OpenApiParameter(
                "ordering", str, enum=Ordering.CHOICES, description="Default: relevance with q, else newest."
            ),
            OpenApiParameter("cursor", str, description="The `next` link's cursor."),
        ],
        responses=JOB_PAGE,
        examples=[
            OpenApiExample(
                "Python jobs in Lyon",
                value=examples.SEARCH_PAGE,
                response_only=True,
            )
        ],
    )
    def list(self, request, *args, **kwargs):
        try:
            page = search_api_page(request.query_params, present=lambda jobs: JobSerializer(jobs, many=True).data)
        except InvalidSearch as invalid:
            raise ValidationError(invalid.errors) from None
        # The link is made for this request (never served from the cache) on the public site's
        # address: behind a proxy the request's own host is the proxy's.
        next_url = None
        if page.next_cursor:
            next_url = replace_query_param(absolute_url(request.get_full_path()), "cursor", page.next_cursor)
        return Response(
            {"next": next_url, "fuzzy": page.fuzzy, "corrected_query": page.corrected_query, "results": page.results}
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="What the visitor has typed so far (2 characters or more).")
        ],
        responses=SuggestionsSerializer,
        examples=[OpenApiExample("Typing “pyth”", value=examples.SUGGESTIONS, response_only=True)],
    )
    @action(
        detail=False,
        methods=["get"],
        throttle_classes=[ScopedRateThrottle],
        filterset_class=None,
        filter_backends=[],
    )
    def suggestions(self, request):
        """Search-as-you-type: up to 8 job titles, companies and skills of published jobs that
        contain what was typed (or, when none does, that are spelled like it), most used first.
        The same for everyone; cached, and rate limited per caller ("suggestions" rate)."""
        typed = request.query_params.get("q", "")
        response = Response({"query": typed, "suggestions": search_suggestions(typed)})
        response["Cache-Control"] = f"public, max-age={SUGGESTIONS_CACHE_TIMEOUT_S}"
        return response

    @extend_schema(responses=JobDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        if not kwargs["pk"].isdecimal():  # /jobs/abc/: no such job (the ORM would raise ValueError)
            raise NotFound
        job = get_object_or_404(
            Job.objects.published().for_listing().defer("search_vector").with_has_applied(request.user),
            pk=kwargs["pk"],
        )
        services.job_record_view(job=job)
        return Response(JobDetailSerializer(job).data)


class CompanyViewSet(viewsets.GenericViewSet):
    """A company's public page and its open jobs."""

    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    serializer_class = CompanySerializer
    queryset = Company.objects.all()
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any slug reaches the view: an unknown one is the API's JSON 404

    @extend_schema(responses=CompanySerializer, parameters=[OpenApiParameter("slug", OpenApiTypes.STR, "path")])
    def retrieve(self, request, slug=None):
        company = get_object_or_404(Company, slug=slug)
        open_jobs = Job.objects.published().for_cards().filter(company=company).order_by("-posted_at", "-id")[:50]
        return Response(CompanySerializer(company, context={"open_jobs": list(open_jobs)}).data)
