"""Reads of the API capability: a person's personal tokens."""

from typing import Any

from django.db.models import QuerySet

from multifactory.api.models import ApiToken

# The user model (community.Person), which this layer below community cannot import.
Person = Any


def api_token_list(*, person: Person) -> QuerySet[ApiToken]:
    """The person's tokens still in force, newest first."""
    return ApiToken.objects.filter(person=person, revoked_at__isnull=True).order_by(
        "-created_at"
    )
