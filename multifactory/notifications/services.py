"""Sending notifications: in-app rows now, e-mails through the task worker on commit."""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from multifactory.notifications.kinds import KINDS
from multifactory.notifications.models import Notification, NotificationPreference

# The user model (community.Person), which this layer below community cannot import.
Person = Any


def _preferences(people: list[Any], kind: str) -> dict[int, NotificationPreference]:
    return {
        preference.person_id: preference
        for preference in NotificationPreference.objects.filter(
            person__in=people, kind=kind
        )
    }


def notify(
    *,
    # Persons; notifications sit below community and cannot name its models.
    people: Iterable[Any],
    kind: str,
    title: str | Promise,
    body: str = "",
    url: str = "",
    multifactory: Any = None,
) -> list[Notification]:
    """Tell `people` something, each as they chose: in the app, by e-mail, both, none.

    Titles are rendered in each person's own language.
    """
    from multifactory.notifications.tasks import email_notification

    people = list({person.pk: person for person in people}.values())
    default_email = KINDS[kind].email if kind in KINDS else True
    preferences = _preferences(people, kind)
    created: list[Notification] = []
    to_email: list[Notification] = []
    for person in people:
        preference = preferences.get(person.pk)
        in_app = preference.in_app if preference else True
        by_email = preference.email if preference else default_email
        if not (in_app or by_email):
            continue
        with translation.override(person.language):
            notification = Notification(
                person=person,
                multifactory=multifactory,
                kind=kind,
                title=str(title)[:250],
                body=str(body),
                url=url,
                # An e-mail-only notification is born read, so it stays out of the inbox.
                read_at=None if in_app else timezone.now(),
            )
        created.append(notification)
        if by_email:
            to_email.append(notification)
    Notification.objects.bulk_create(created)
    for notification in to_email:
        transaction.on_commit(partial(email_notification.enqueue, notification.pk))
    return created


def send_email(
    *,
    to: str,
    subject: str | Promise,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
) -> None:
    """Queue an e-mail rendered from `template`; it leaves after the transaction commits."""
    from multifactory.notifications.tasks import send_mail_task

    with translation.override(language or translation.get_language()):
        body = render_to_string(template, context)
        subject_text = str(subject)
    transaction.on_commit(lambda: send_mail_task.enqueue(to, subject_text, body))


@transaction.atomic
def notification_mark_read(
    *, person: Person, notification_ids: list[int] | None = None
) -> int:
    """Mark some (or all) of a person's notifications read; returns how many changed."""
    unread = Notification.objects.filter(person=person, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(
    *, person: Person, kind: str, in_app: bool, email: bool
) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        person=person, kind=kind, defaults={"in_app": in_app, "email": email}
    )
    return preference
