"""Reads of a person's notifications. A person only ever reads their own."""

from typing import Any

from django.db.models import QuerySet

from multifactory.notifications.models import Notification, NotificationPreference

# The user model (community.Person), which this layer below community cannot import.
Person = Any


def notification_list(
    *, person: Person, unread_only: bool = False
) -> QuerySet[Notification]:
    """The inbox, newest first. E-mail-only notifications are born read, so the
    unread ones are those meant for the inbox."""
    notifications = Notification.objects.filter(person=person)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.select_related("multifactory").order_by("-created_at", "-id")


def notification_unread_count(*, person: Person) -> int:
    return Notification.objects.filter(person=person, read_at__isnull=True).count()


def notification_preferences_of(*, person: Person) -> dict[str, NotificationPreference]:
    """{kind code: preference} of the kinds the person has chosen for."""
    return {
        preference.kind: preference
        for preference in NotificationPreference.objects.filter(person=person)
    }
