from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification, User
from intowork.admin_mixins import LargeTableAdminMixin


@admin.register(User)
class UserAdmin(LargeTableAdminMixin, BaseUserAdmin):
    list_display = ["email", "role", "full_name", "is_active", "is_staff", "date_joined"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser", "date_joined"]
    search_fields = ["email", "full_name", "preferred_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "role"]}),
        (_("Personal info"), {"fields": ["full_name", "preferred_name"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})]


@admin.register(Notification)
class NotificationAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ["title", "user", "type", "is_read", "created_at"]
    list_filter = ["type", "is_read", "created_at"]
    search_fields = ["title", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "job", "application"]
