from django.urls import reverse

from multifactory.notifications import selectors
from multifactory.notifications.services import notification_mark_read, notify


def send(world, person, title):
    return notify(people=[person], kind="mandate_granted", title=title, url="/",
                  multifactory=world.multifactory)[0]  # fmt: skip


def test_the_inbox_holds_only_the_persons_own_notifications_newest_first(world):
    first = send(world, world.member, "First")
    second = send(world, world.member, "Second")
    send(world, world.owner, "Not yours")

    assert list(selectors.notification_list(person=world.member)) == [second, first]


def test_unread_only_leaves_out_what_was_read(world):
    first = send(world, world.member, "First")
    second = send(world, world.member, "Second")
    notification_mark_read(person=world.member, notification_ids=[first.pk])

    unread = selectors.notification_list(person=world.member, unread_only=True)

    assert list(unread) == [second]
    assert selectors.notification_unread_count(person=world.member) == 1
    assert selectors.notification_unread_count(person=world.owner) == 0


def test_preferences_are_keyed_by_kind(world):
    world.client_for(world.member).post(reverse("notifications:preferences"), {})

    preferences = selectors.notification_preferences_of(person=world.member)

    assert preferences
    assert all(p.person == world.member for p in preferences.values())
    assert selectors.notification_preferences_of(person=world.owner) == {}
