"""The daily digest: one e-mail per person listing what they have not read and were
not e-mailed about, never twice, and none for people who turned it off."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from multifactory.notifications.models import Notification
from multifactory.notifications.services import (
    notification_mark_read,
    notification_preference_set,
)
from multifactory.notifications.tasks import digests_enqueue


def news(person, title, *, hours_ago=3, emailed=False, multifactory=None):
    notification = Notification.objects.create(
        person=person,
        multifactory=multifactory,
        kind="organization_status",
        title=title,
        url="/m/r84-test/",
        emailed_at=timezone.now() if emailed else None,
    )
    # created_at is set on insert; move it back to when the news happened.
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return notification


def test_it_emails_each_person_their_unread_news_once(world):
    first = news(world.owner, "Studio Due joined", multifactory=world.multifactory)
    news(world.owner, "Far Away left")
    news(world.member, "Atelier Uno changed its profile")

    assert digests_enqueue() == 2

    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {world.owner.email, world.member.email}
    owner_mail = by_person[world.owner.email]
    assert owner_mail.subject == "2 unread notifications on multifactory"
    assert "[R84 Test] Studio Due joined" in owner_mail.body
    assert "Far Away left" in owner_mail.body
    assert "http://127.0.0.1:8000/m/r84-test/" in owner_mail.body
    first.refresh_from_db()
    assert first.emailed_at is not None

    mail.outbox.clear()
    assert digests_enqueue() == 0
    assert mail.outbox == []


def test_it_leaves_out_what_was_read_emailed_too_old_or_too_new(world):
    read = news(world.owner, "Already read")
    notification_mark_read(person=world.owner, notification_ids=[read.pk])
    news(world.owner, "Already e-mailed", emailed=True)
    news(world.owner, "Last week", hours_ago=24 * 7)
    news(world.owner, "A minute ago", hours_ago=0)

    assert digests_enqueue() == 0
    assert mail.outbox == []


def test_it_sends_none_to_a_person_who_turned_the_digest_off(world):
    news(world.owner, "Studio Due joined")
    notification_preference_set(
        person=world.owner, kind="digest", in_app=False, email=False
    )

    assert digests_enqueue() == 0
    assert mail.outbox == []


def test_it_writes_in_the_persons_language(world):
    world.member.language = "it"
    world.member.save(update_fields=["language"])
    news(world.member, "Studio Due è entrata")

    digests_enqueue()

    [message] = mail.outbox
    assert message.subject == "1 notifica non letta su multifactory"
    assert message.body.startswith("Ciao Marco,")
    assert "Studio Due è entrata" in message.body


@pytest.mark.django_db
def test_the_command_queues_the_digests(world):
    news(world.owner, "Studio Due joined", hours_ago=30)
    out = StringIO()

    call_command("send_digests", "--hours", "48", stdout=out)

    assert "Queued 1 digest(s)." in out.getvalue()
    assert len(mail.outbox) == 1
