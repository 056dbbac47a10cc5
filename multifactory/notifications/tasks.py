"""Background work of notifications, run by the database task worker."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from multifactory.notifications.kinds import DIGEST
from multifactory.notifications.models import Notification, NotificationPreference

# A notification younger than this is left to its own e-mail, which may still be
# waiting in the queue; the next digest picks it up if it is still unread.
DIGEST_GRACE = timedelta(hours=1)


@task()
def send_mail_task(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@task()
def email_notification(notification_id: int) -> None:
    notification = (
        Notification.objects.select_related("person", "multifactory")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:  # already sent by an earlier attempt
        return
    person = notification.person
    with translation.override(person.language):
        body = render_to_string(
            "notifications/email/notification.txt",
            {"notification": notification, "site_url": settings.SITE_URL},
        )
    send_mail(notification.title, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())


def _digest_candidates(since: datetime, until: datetime):
    """Unread notifications of the period that nobody has e-mailed yet."""
    return Notification.objects.filter(
        read_at__isnull=True,
        emailed_at__isnull=True,
        created_at__gte=since,
        created_at__lt=until,
        person__is_active=True,
    )


def digests_enqueue(*, hours: int = 24) -> int:
    """Queue one digest for every person with unread news of the last `hours`.

    Run once a day (`multifactory send_digests` from a timer, docs/deploy.md). People
    who turned the digest off in their preferences get none. Returns how many were
    queued.
    """
    until = timezone.now() - DIGEST_GRACE
    since = until - timedelta(hours=hours)
    people = set(
        _digest_candidates(since, until).values_list("person_id", flat=True).distinct()
    )
    people -= set(
        NotificationPreference.objects.filter(
            kind=DIGEST.code, email=False
        ).values_list("person_id", flat=True)
    )
    for person_id in sorted(people):
        send_digest.enqueue(person_id, since.isoformat(), until.isoformat())
    return len(people)


@task()
def send_digest(person_id: int, since: str, until: str) -> int:
    """E-mail a person the list of their unread, not yet e-mailed notifications of the
    period, in their language, and mark them e-mailed. Returns how many were listed.

    Marking them e-mailed in the same transaction as the claim means a repeated run,
    or the notification's own e-mail task arriving late, never sends them twice.
    """
    with transaction.atomic():
        notifications = list(
            _digest_candidates(
                datetime.fromisoformat(since), datetime.fromisoformat(until)
            )
            .filter(person_id=person_id)
            .select_related("person", "multifactory")
            .select_for_update(of=("self",))
            .order_by("created_at", "id")
        )
        if not notifications:
            return 0
        person = notifications[0].person
        with translation.override(person.language):
            subject = ngettext(
                "%(count)d unread notification on multifactory",
                "%(count)d unread notifications on multifactory",
                len(notifications),
            ) % {"count": len(notifications)}
            body = render_to_string(
                "notifications/email/digest.txt",
                {
                    "notifications": notifications,
                    "person": person,
                    "site_url": settings.SITE_URL,
                    "inbox_url": reverse("notifications:inbox"),
                    "preferences_url": reverse("notifications:preferences"),
                },
            )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    return len(notifications)
