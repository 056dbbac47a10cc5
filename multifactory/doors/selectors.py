"""Reads of doors and keys, scoped to one multifactory."""

from django.db.models import (
    Prefetch,
    QuerySet,
)

from multifactory.community.models import (
    Multifactory,
)


def key_register(*, multifactory: Multifactory):
    """Keys and badges with their current holder (None when in the drawer)."""
    from multifactory.doors.models import Key, KeyHandover

    keys = (
        Key.objects.filter(multifactory=multifactory)
        .prefetch_related(
            "doors",
            Prefetch(
                "handovers",
                queryset=KeyHandover.objects.filter(
                    returned_on__isnull=True
                ).select_related("holder", "organization"),
                to_attr="open_handovers",
            ),
        )
        .order_by("kind", "label")
    )
    return [
        (key, key.open_handovers[0] if key.open_handovers else None) for key in keys
    ]


def access_log(*, multifactory: Multifactory) -> QuerySet:
    from multifactory.doors.models import AccessCheck

    return (
        AccessCheck.objects.filter(multifactory=multifactory)
        .select_related("controller", "door", "person")
        .order_by("-at", "-pk")
    )
