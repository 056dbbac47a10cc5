"""Background work of notifications, run by the database task worker."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from multifactory.notifications.models import Notification


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
