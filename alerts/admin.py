import datetime

from django.contrib import admin
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.models import Alert, AlertDigest
from intowork.monitoring import Section

# The monitoring page's emails per day: this many days back.
MONITORING_DAYS = 14


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "email", "frequency", "is_paused", "confirmed_at", "created_at", "next_run_at"]
    list_filter = ["frequency", "is_paused", ("confirmed_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["user"]
    search_fields = ["name", "email", "user__email"]
    readonly_fields = ["params", "query_key", "created_at", "confirmed_at", "checked_until"]
    raw_id_fields = ["user"]


@admin.register(AlertDigest)
class AlertDigestAdmin(admin.ModelAdmin):
    """Read-only: what each alert sent (the run writes it)."""

    list_display = ["alert", "created_at", "sent_at", "job_count", "more_count"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["alert"]
    search_fields = ["alert__name", "alert__email", "alert__user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def monitoring_sections() -> list[Section]:
    """The monitoring page's alerts: how many send, and the digests emailed per day
    (settings.MONITORING_SECTIONS)."""
    active = Alert.objects.sending().count()
    unconfirmed = Alert.objects.filter(confirmed_at__isnull=True).count()
    paused = Alert.objects.filter(is_paused=True).count()
    since = timezone.now() - datetime.timedelta(days=MONITORING_DAYS)
    per_day = (
        AlertDigest.objects.filter(sent_at__gte=since)
        .annotate(day=TruncDate("sent_at"))
        .values_list("day")
        .annotate(emails=Count("pk"))
        .order_by("-day")
    )
    return [
        Section(
            _("Job alerts"),
            [_("active"), _("waiting for confirmation"), _("paused")],
            [(active, unconfirmed, paused)],
        ),
        Section(_("Alert emails sent per day"), [_("day"), _("emails")], list(per_day)),
    ]
