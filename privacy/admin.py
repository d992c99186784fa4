from django.contrib import admin
from django.utils import timezone

from privacy import services
from privacy.models import PolicyConsent, PolicyDocument


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    """Staff write each version; publishing one (``in force from``) asks everyone to accept it."""

    list_display = ["kind", "version", "title", "published_at"]
    list_filter = ["kind"]
    fields = ["kind", "version", "title", "body", "summary_of_changes", "published_at"]

    def get_readonly_fields(self, request, obj=None):
        # What people accepted never changes: a change is a new version.
        if obj is not None and obj.published_at is not None and obj.published_at <= timezone.now():
            return self.fields
        return []

    def save_model(self, request, obj, form, change):
        services.policy_save(document=obj)


@admin.register(PolicyConsent)
class PolicyConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "document", "accepted_at"]
    list_select_related = ["user", "document"]
    list_filter = ["document"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "document", "accepted_at"]

    def has_add_permission(self, request):
        return False
