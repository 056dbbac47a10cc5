"""/operator/: personal API tokens, read-only (the token itself is kept as a hash
and never shown; its owner revokes it on the profile page)."""

from django.contrib import admin

from multifactory.api.models import ApiToken
from multifactory.core.admin import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "person", "prefix")
    list_select_related = ("person",)
