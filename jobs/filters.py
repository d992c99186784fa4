"""The search filters, shared by the /jobs/ page and GET /api/v1/jobs/ (same parameter names)."""

import datetime

import django_filters
from django import forms
from django.db.models import BooleanField, F, Func
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from jobs.models import Job, JobType, LocationType


class ContainsText(Func):
    """``column ILIKE '%text%'``, case-insensitive, which the column's trigram index serves
    (jobs_job_location_trgm_idx); Django's icontains is UPPER(column) LIKE ..., which it doesn't."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, text: str):
        super().__init__(F(column))
        self.pattern = "%{}%".format(text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))

    def as_sql(self, compiler, connection, **extra):  # type: ignore[override]  # a fixed template
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} ILIKE %s", [*params, self.pattern]


POSTED_WITHIN_CHOICES = [
    (1, _("Last 24 hours")),
    (3, _("Last 3 days")),
    (7, _("Last 7 days")),
    (30, _("Last 30 days")),
]


class JobFilter(django_filters.FilterSet):
    location = django_filters.CharFilter(
        label=_("Location"),
        method="filter_location",
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("City or region")}),
    )
    location_type = django_filters.ChoiceFilter(label=_("Work place"), choices=LocationType.choices)
    job_type = django_filters.ChoiceFilter(label=_("Contract"), choices=JobType.choices)
    salary_min = django_filters.NumberFilter(
        label=_("Minimum salary"),
        method="filter_salary_min",
        min_value=0,
        max_value=10_000_000,
        help_text=_("Yearly, in euros: jobs whose range reaches at least this amount."),
    )
    company = django_filters.CharFilter(label=_("Company"), field_name="company__slug", max_length=220)
    posted_within = django_filters.TypedChoiceFilter(
        label=_("Posted"), choices=POSTED_WITHIN_CHOICES, coerce=int, method="filter_posted_within"
    )

    class Meta:
        model = Job
        fields = ["location", "location_type", "job_type", "salary_min", "company", "posted_within"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A typed choice has no blank option of its own: the page's select would send its first
        # choice, "last 24 hours", with every search. (The API's documented values stay 1-30.)
        self.form.fields["posted_within"].choices = [("", _("Any time")), *POSTED_WITHIN_CHOICES]
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field, "choices") else "form-control")

    def filter_location(self, queryset, name, value):
        return queryset.filter(ContainsText("location", value.strip())) if value.strip() else queryset

    def filter_salary_min(self, queryset, name, value):
        return queryset.filter(salary_max__gte=value)

    @extend_schema_field(OpenApiTypes.INT)
    def filter_posted_within(self, queryset, name, value):
        return queryset.filter(posted_at__gte=posted_since(value)) if value else queryset


def search_params(params: QueryDict, *also: str) -> QueryDict:
    """Only the parameters a search reads: ``q``, the filters and ``also``. Others (utm_source,
    fbclid...) change no result, so they neither split the result cache nor travel, in the
    links of a cached page, to other visitors."""
    kept = QueryDict(mutable=True)
    for name in params:
        if name == "q" or name in also or name in JobFilter.base_filters:
            kept.setlist(name, params.getlist(name))
    return kept


def posted_since(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
