from django.contrib import admin

from audit.models import AuditEvent
from intowork.admin_mixins import LargeTableAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    """Read-only: the trail is written by the services, and PostgreSQL refuses any edit."""

    list_display = ["created_at", "action", "actor", "company", "application", "cv", "subject"]
    list_filter = ["action", "created_at"]
    list_select_related = ["actor", "company", "application__job", "application__candidate__user", "cv", "subject"]
    search_fields = ["actor__email", "company__name", "subject__email"]
    readonly_fields = ["created_at", "action", "actor", "company", "application", "cv", "subject", "detail"]
    fields = ("created_at", "action", "actor", "company", "application", "cv", "subject", "detail")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
