"""The task worker (`multifactory worker`, django-tasks-db's db_worker) sends what the
app queued: an e-mail queued in a transaction leaves when the worker runs."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from multifactory import cli
from multifactory.community.models import Person
from multifactory.notifications.services import notify, send_email

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker_once() -> None:
    """What `multifactory worker --batch` does: run every task that is ready, then stop."""
    cli.main(["multifactory", "worker", "--batch"])


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_an_email_queued_by_a_service(database_tasks):
    send_email(
        to="anna@example.org",
        subject="Welcome",
        template="notifications/email/notification.txt",
        context={"notification": {"title": "Welcome to R84"}, "site_url": ""},
    )
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert mail.outbox == []

    run_worker_once()

    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    assert "Welcome to R84" in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_the_worker_emails_a_notification_once(database_tasks):
    giulia = Person.objects.create_user("giulia@example.org", full_name="Giulia Ferri")
    [notification] = notify(
        people=[giulia], kind="mandate_granted", title="You hold a new mandate"
    )

    run_worker_once()
    run_worker_once()

    assert [message.subject for message in mail.outbox] == ["You hold a new mandate"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
