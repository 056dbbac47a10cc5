"""/api/v1/notifications: my inbox and my preferences."""

import pytest

from multifactory.api.testing import ApiClient
from multifactory.notifications.models import Notification, NotificationPreference
from multifactory.notifications.services import notify

from .helpers import assert_constant_queries

INBOX = "/api/v1/notifications"


def _tell(world, person, n=1):
    for i in range(n):
        notify(
            people=[person],
            kind="organization_status",
            title=f"News {i}",
            multifactory=world.multifactory,
        )


@pytest.mark.django_db
class TestInbox:
    def test_i_see_my_notifications_only(self, world):
        _tell(world, world.member, 2)
        _tell(world, world.owner)
        response = ApiClient(world.member).get(INBOX)
        assert response.status_code == 200
        items = response.json()["items"]
        assert [i["title"] for i in items] == ["News 1", "News 0"]
        assert items[0]["multifactory"] == "r84-test"

    def test_i_filter_the_unread_ones(self, world):
        _tell(world, world.member, 2)
        first = Notification.objects.filter(person=world.member).last()
        api = ApiClient(world.member)
        api.post(f"{INBOX}/read", {"ids": [first.pk]})
        assert api.get(INBOX, unread="true").json()["count"] == 1

    def test_i_mark_everything_read(self, world):
        _tell(world, world.member, 3)
        response = ApiClient(world.member).post(f"{INBOX}/read", {})
        assert response.json() == {"marked": 3}
        assert not Notification.objects.filter(read_at__isnull=True).exists()

    def test_i_cannot_mark_someone_elses_notifications(self, world):
        _tell(world, world.owner)
        theirs = Notification.objects.get(person=world.owner)
        response = ApiClient(world.member).post(f"{INBOX}/read", {"ids": [theirs.pk]})
        assert response.json() == {"marked": 0}
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_a_visitor_has_no_inbox(self, world):
        assert ApiClient(None).get(INBOX).status_code == 401
        assert ApiClient(None).post(f"{INBOX}/read", {}).status_code == 401

    def test_it_costs_the_same_queries_for_many_notifications(self, world):
        api = ApiClient(world.member)
        assert_constant_queries(
            lambda: api.get(INBOX, limit=100), lambda n: _tell(world, world.member, n)
        )


@pytest.mark.django_db
class TestPreferences:
    def test_i_see_every_kind_with_its_default(self, world):
        response = ApiClient(world.member).get(f"{INBOX}/preferences")
        assert response.status_code == 200
        rows = {row["kind"]: row for row in response.json()}
        assert rows["organization_status"] == {
            "kind": "organization_status",
            "label": "A company joined or left",
            "in_app": True,
            "email": False,
        }

    def test_i_choose_how_to_be_told(self, world):
        api = ApiClient(world.member)
        response = api.put(
            f"{INBOX}/preferences/mandate_granted", {"in_app": True, "email": False}
        )
        assert response.status_code == 200, response.json()
        assert response.json()["email"] is False
        preference = NotificationPreference.objects.get(person=world.member)
        assert (preference.kind, preference.email) == ("mandate_granted", False)
        assert not NotificationPreference.objects.filter(person=world.owner).exists()

    def test_an_unknown_kind_is_not_found(self, world):
        response = ApiClient(world.member).put(
            f"{INBOX}/preferences/nonsense", {"in_app": True, "email": True}
        )
        assert response.status_code == 404

    def test_a_visitor_has_no_preferences(self, world):
        assert ApiClient(None).get(f"{INBOX}/preferences").status_code == 401
