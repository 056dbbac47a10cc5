"""Reads of the API capability: a person's personal tokens."""

from django.db.models import QuerySet

from multifactory.api.models import ApiToken


def api_token_list(*, person) -> QuerySet[ApiToken]:
    """The person's tokens still in force, newest first."""
    return ApiToken.objects.filter(person=person, revoked_at__isnull=True).order_by(
        "-created_at"
    )
