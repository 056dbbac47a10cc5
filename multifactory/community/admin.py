"""/operator/ for the community: accounts are the operator's to run (activate,
deactivate, name the operators); the rest is the communities' and read-only."""

from django.contrib import admin

from multifactory.community.models import (
    Invitation,
    Mandate,
    Membership,
    Multifactory,
    Organization,
    Person,
)
from multifactory.core.admin import ReadOnlyAdmin, TenantAdmin, register_read_only


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Accounts. The password is never shown, only reset by its owner's link."""

    list_display = ("email", "full_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    fields = (
        "email",
        "full_name",
        "language",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    )
    readonly_fields = ("last_login", "date_joined")

    def has_add_permission(self, request):
        # Accounts are made by invitations and `create_multifactory`.
        return False

    def has_delete_permission(self, request, obj=None):
        # Audit events and decisions keep pointing at people: deactivate instead.
        return False


@admin.register(Multifactory)
class MultifactoryAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "time_zone")
    search_fields = ("name", "slug")


@admin.register(Organization)
class OrganizationAdmin(TenantAdmin):
    list_display = ("name", "multifactory", "status")
    list_filter = ("multifactory", "status")
    search_fields = ("name",)


@admin.register(Mandate)
class MandateAdmin(TenantAdmin):
    list_display = ("person", "kind", "multifactory", "starts_on", "ends_on")
    list_filter = ("multifactory", "kind")
    list_select_related = ("multifactory", "person")


register_read_only(Membership, Invitation)
