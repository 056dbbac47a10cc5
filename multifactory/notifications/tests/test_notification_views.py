import pytest
from django.urls import reverse

from multifactory.core.tests.queries import assert_constant_queries
from multifactory.notifications.models import Notification, NotificationPreference
from multifactory.notifications.services import notify


def send(world, person, n=1):
    for i in range(n):
        notify(people=[person], kind="mandate_granted", title=f"News {i}",
               url="/", multifactory=world.multifactory)  # fmt: skip


def test_visitors_are_sent_to_log_in(world):
    assert world.client_for(None).get(reverse("notifications:inbox")).status_code == 302


def test_a_person_sees_only_their_own_notifications(world):
    send(world, world.member)
    send(world, world.owner)
    response = world.client_for(world.member).get(reverse("notifications:inbox"))
    assert [n.person for n in response.context["page"].object_list] == [world.member]


def test_the_header_shows_the_unread_count(world):
    send(world, world.member, 3)
    content = world.client_for(world.member).get(reverse("home")).content.decode()
    assert '<span class="badge">3' in content


def test_a_person_marks_one_notification_read(world):
    send(world, world.member, 2)
    first = Notification.objects.filter(person=world.member).first()
    response = world.client_for(world.member).post(
        reverse("notifications:mark_read"), {"notification": first.pk}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_nobody_marks_the_notifications_of_someone_else(world):
    send(world, world.owner)
    theirs = Notification.objects.get(person=world.owner)
    world.client_for(world.member).post(
        reverse("notifications:mark_read"), {"notification": theirs.pk}
    )
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_garbage_id_is_not_a_crash(world):
    response = world.client_for(world.member).post(
        reverse("notifications:mark_read"), {"notification": "abc"}
    )
    assert response.status_code == 302


def test_a_person_marks_all_read(world):
    send(world, world.member, 3)
    send(world, world.owner)
    world.client_for(world.member).post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(person=world.member, read_at__isnull=True)
    assert Notification.objects.filter(person=world.owner, read_at__isnull=True)


def test_the_inbox_runs_a_constant_number_of_queries(world, django_assert_num_queries):
    client = world.client_for(world.member)
    send(world, world.member)
    assert_constant_queries(
        django_assert_num_queries,
        lambda: client.get(reverse("notifications:inbox")),
        lambda: send(world, world.member, 12),
    )


def test_preferences_list_every_kind_with_defaults(world):
    response = world.client_for(world.member).get(reverse("notifications:preferences"))
    content = response.content.decode()
    assert "A mandate was given to me" in content
    assert response.context["form"]["organization_status__email"].initial is False


def test_a_person_turns_off_email_for_a_kind(world):
    response = world.client_for(world.member).post(
        reverse("notifications:preferences"), {"mandate_granted__in_app": "on"}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(
        person=world.member, kind="mandate_granted"
    )
    assert (preference.in_app, preference.email) == (True, False)


@pytest.mark.parametrize("who", ["owner", "outsider"])
def test_preferences_are_personal(world, who):
    world.client_for(world.member).post(reverse("notifications:preferences"), {})
    assert not NotificationPreference.objects.filter(
        person=getattr(world, who)
    ).exists()


def test_opening_an_unread_notification_marks_it_read_and_follows_it(world):
    send(world, world.member)
    notification = Notification.objects.get(person=world.member)
    response = world.client_for(world.member).post(
        reverse("notifications:mark_read"),
        {"notification": notification.pk, "go": "/m/r84-test/mandates/"},
    )
    assert response.status_code == 302
    assert response.url == "/m/r84-test/mandates/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_never_follows_a_link_to_another_site(world):
    send(world, world.member)
    notification = Notification.objects.get(person=world.member)
    response = world.client_for(world.member).post(
        reverse("notifications:mark_read"),
        {"notification": notification.pk, "go": "https://evil.example/"},
    )
    assert response.url == reverse("notifications:inbox")
