"""The operator's admin at /operator/: shared pieces for every app's admin.py.

The operator runs the server and takes no part in a community's decisions. What a
community's decisions own (decisions, mandates, memberships, the audit trail, the
place's rules and keys…) is registered read-only: the operator may look, to help
and to diagnose, but every change goes through the app, where a mandate or a
decision authorizes it and the audit trail records it. Secret ballot choices are
not registered at all (governance/admin.py).
"""

from typing import ClassVar

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("multifactory: operator")
admin.site.site_title = _("multifactory operator")
admin.site.index_title = _("Operating the installation")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, never touch: no add, change or delete, and no bulk actions."""

    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TenantAdmin(ReadOnlyAdmin):
    """Rows of one multifactory: listed and filtered by it."""

    list_display: tuple[str, ...] = ("__str__", "multifactory")
    list_filter: ClassVar[tuple[str, ...]] = ("multifactory",)
    list_select_related: ClassVar[tuple[str, ...]] = ("multifactory",)


def register_read_only(*models) -> None:
    """Register each model read-only, by multifactory when its rows carry one."""
    for model in models:
        has_tenant = any(field.name == "multifactory" for field in model._meta.fields)
        admin.site.register(model, TenantAdmin if has_tenant else ReadOnlyAdmin)
