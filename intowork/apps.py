"""The project's own configuration of Django's apps (imported before any model exists)."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin, whose pages ask staff for a second factor (intowork.admin_site)."""

    default_site = "intowork.admin_site.StaffAdminSite"
