"""/operator/: the audit trail, read-only (it is the record of what was done)."""

from django.contrib import admin

from multifactory.audit.models import AuditEvent
from multifactory.core.admin import TenantAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(TenantAdmin):
    list_display = ("at", "action", "multifactory", "actor")
    list_select_related = ("multifactory", "actor")
    date_hierarchy = "at"
