"""Keys and badges, the access check and its controller endpoint, the keeper's pages."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from multifactory.audit.models import AuditEvent
from multifactory.care import services as care_services
from multifactory.community import services as community
from multifactory.community.purge import multifactory_purge
from multifactory.doors import selectors as doors_selectors
from multifactory.doors import services as doors_services
from multifactory.doors.models import AccessCheck, KeyStatus
from multifactory.place import services
from multifactory.place.models import Booking
from multifactory.place.tests.conftest import rome


@pytest.fixture
def doors(world, place):
    front = doors_services.door_create(
        by=world.founder, multifactory=world.multifactory, name="Front door"
    )
    workshop = doors_services.door_create(
        by=world.founder,
        multifactory=world.multifactory,
        name="Workshop",
        resource=place.room,
    )
    badge = doors_services.key_create(
        by=world.founder,
        multifactory=world.multifactory,
        kind="badge",
        label="Badge 12",
        code="B-0012",
        doors=[front],
        deposit=1000,
    )
    doors_services.key_issue(
        by=world.founder,
        key=badge,
        holder=world.member,
        organization=world.company,
        deposit_paid=1000,
    )
    doors_services.access_policy_create(
        by=world.founder,
        multifactory=world.multifactory,
        name="Members, front door, 24 h",
        door=front,
    )
    doors_services.access_policy_create(
        by=world.founder,
        multifactory=world.multifactory,
        name="Atelier Uno, workshop, weekdays 7–22",
        door=workshop,
        organization=world.company,
        weekdays="01234",
        opens_minute=7 * 60,
        closes_minute=22 * 60,
    )
    controller, token = doors_services.door_controller_create(
        by=world.founder,
        multifactory=world.multifactory,
        name="Controller at the front",
        doors=[front, workshop],
    )
    return controller, token, badge


def check(controller, door, badge, at):
    access_check, message = doors_services.access_check(
        controller=controller, door_code=door, badge_code=badge, at=at
    )
    return access_check.allowed, access_check.reason, message


class TestKeys:
    def test_the_register_shows_who_holds_each_key(self, world, doors):
        [(key, handover)] = doors_selectors.key_register(
            multifactory=world.multifactory
        )
        assert handover.holder == world.member
        assert handover.deposit_paid == 1000

    def test_a_key_cannot_be_handed_out_twice(self, world, doors):
        _controller, _token, badge = doors
        with pytest.raises(ValidationError) as error:
            doors_services.key_issue(by=world.founder, key=badge, holder=world.owner)
        assert error.value.messages == [doors_services.KEY_HANDED_OUT]
        doors_services.key_return(by=world.founder, key=badge)
        doors_services.key_issue(by=world.founder, key=badge, holder=world.owner)

    def test_only_the_keys_keeper_manages_keys(self, world, doors):
        _controller, _token, badge = doors
        with pytest.raises(PermissionDenied):
            doors_services.key_return(by=world.owner, key=badge)

    def test_keys_go_only_to_people_of_the_community(self, world, doors):
        key = doors_services.key_create(
            by=world.founder,
            multifactory=world.multifactory,
            kind="key",
            label="Garden gate",
            code="K-7",
        )
        with pytest.raises(ValidationError):
            doors_services.key_issue(by=world.founder, key=key, holder=world.outsider)


class TestAccessCheck:
    def test_a_holder_is_let_in_by_a_policy_and_the_check_is_logged(self, world, doors):
        controller, _token, _badge = doors
        allowed, reason, message = check(
            controller, "front-door", "B-0012", datetime(2027, 3, 28, 2, tzinfo=UTC)
        )
        assert (allowed, reason) == (True, "allowed")
        assert "Members, front door, 24 h" in message
        logged = AccessCheck.objects.get()
        assert logged.person == world.member and logged.allowed

    def test_hours_and_weekdays_of_the_policy_are_local(self, world, doors):
        controller, _token, _badge = doors
        # 21:30 in Rome on a Tuesday is inside 7–22; 22:30 is not; Saturday never.
        assert check(controller, "workshop", "B-0012", rome(2027, 3, 23, 21, 30))[0]
        assert check(controller, "workshop", "B-0012", rome(2027, 3, 23, 22, 30))[
            :2
        ] == (False, "no_policy")
        assert not check(controller, "workshop", "B-0012", rome(2027, 3, 27, 10))[0]

    @pytest.mark.parametrize(
        ("door", "badge", "reason"),
        [
            ("garage", "B-0012", "door_unknown"),
            ("front-door", "B-9999", "badge_unknown"),
        ],
    )
    def test_it_denies_with_the_reason(self, world, doors, door, badge, reason):
        controller, _token, _badge = doors
        assert check(controller, door, badge, rome(2027, 3, 23, 10))[:2] == (
            False,
            reason,
        )

    def test_a_lost_or_returned_badge_opens_nothing(self, world, doors):
        controller, _token, badge = doors
        doors_services.key_return(by=world.founder, key=badge, lost=True)
        badge.refresh_from_db()
        assert badge.status == KeyStatus.LOST
        assert check(controller, "front-door", "B-0012", rome(2027, 3, 23, 10))[1] == (
            "badge_inactive"
        )

    def test_a_holder_who_left_the_company_is_denied(self, world, doors):
        controller, _token, _badge = doors
        membership = world.member.memberships.get()
        community.membership_remove(by=world.owner, membership=membership)
        assert check(controller, "front-door", "B-0012", rome(2027, 3, 23, 10))[1] == (
            "holder_not_member"
        )


def test_a_multifactory_with_bookings_keys_and_tasks_can_be_deleted(
    world, place, doors
):
    services.booking_create(
        by=world.owner,
        resource=place.room,
        organization=world.company,
        start=rome(2027, 3, 23, 10),
        end=rome(2027, 3, 23, 11),
        now=datetime(2027, 3, 22, tzinfo=UTC),
    )
    # Through the operator's purge: the append-only audit trail PROTECTs it otherwise.
    multifactory_purge(multifactory=world.multifactory)
    assert not Booking.objects.filter(resource=place.room).exists()


class TestDoorControllerEndpoint:
    def test_a_controller_asks_with_its_token_and_gets_the_reason(self, world, doors):
        from django.test import Client

        _controller, token, _badge = doors
        client = Client()
        response = client.post(
            "/api/v1/place/access-check",
            {"door": "front-door", "badge": "B-0012"},
            content_type="application/json",
            headers={"X-Device-Token": token},
        )
        assert response.status_code == 200, response.json()
        assert response.json()["allowed"] is True
        denied = client.post(
            "/api/v1/place/access-check",
            {"door": "front-door", "badge": "nope"},
            content_type="application/json",
            headers={"X-Device-Token": token},
        ).json()
        assert denied == {
            "allowed": False,
            "reason": "badge_unknown",
            "message": str(doors_services.ACCESS_REASONS["badge_unknown"]),
        }
        assert AccessCheck.objects.count() == 2

    def test_a_wrong_device_token_or_a_person_token_is_refused(self, world, doors):
        from django.test import Client

        from multifactory.api.testing import ApiClient

        response = Client().post(
            "/api/v1/place/access-check",
            {"door": "front-door", "badge": "B-0012"},
            content_type="application/json",
            headers={"X-Device-Token": "dev_wrong"},
        )
        assert response.status_code == 401
        person = ApiClient(world.founder).post(
            "/api/v1/place/access-check", {"door": "front-door", "badge": "B-0012"}
        )
        assert person.status_code == 401
        assert not AccessCheck.objects.exists()

    def test_the_log_is_read_by_the_keys_keeper_only(self, world, doors):
        from multifactory.api.testing import ApiClient

        controller, _token, _badge = doors
        check(controller, "front-door", "B-0012", rome(2027, 3, 23, 10))
        log = ApiClient(world.founder).get("/api/v1/m/r84-test/place/access-log")
        assert log.status_code == 200
        assert log.json()["count"] == 1
        assert (
            ApiClient(world.owner)
            .get("/api/v1/m/r84-test/place/access-log")
            .status_code
            == 403
        )
        page = world.client_for(world.founder).get("/m/r84-test/place/keys/")
        assert "B-0012" in page.content.decode()
        assert (
            world.client_for(world.member).get("/m/r84-test/place/keys/").status_code
            == 403
        )


class TestKeeperPages:
    def test_the_keys_keeper_hands_over_and_takes_back_a_key(self, world, place):
        key = doors_services.key_create(
            by=world.founder,
            multifactory=world.multifactory,
            kind="key",
            label="Showroom",
            code="K-2",
        )
        client = world.client_for(world.founder)
        response = client.post(
            "/m/r84-test/place/keys/issue/",
            {"key": key.pk, "holder": world.member.pk, "deposit_paid": "20"},
        )
        assert response.status_code == 302
        [(_key, handover)] = doors_selectors.key_register(
            multifactory=world.multifactory
        )
        assert handover.holder == world.member
        assert handover.organization == world.company
        client.post(f"/m/r84-test/place/keys/{key.pk}/return/", {"lost": "1"})
        key.refresh_from_db()
        assert key.status == KeyStatus.LOST
        refused = world.client_for(world.owner).post(
            "/m/r84-test/place/keys/issue/", {"key": key.pk, "holder": world.owner.pk}
        )
        assert refused.status_code == 403

    def test_the_keys_keeper_changes_the_rules_of_a_resource(self, world, place):
        client = world.client_for(world.founder)
        address = f"/m/r84-test/place/r/{place.room.slug}/rules/"
        form = client.get(address)
        assert "0 08:00 20:00" in form.content.decode()
        response = client.post(
            address,
            {
                "slot_minutes": 60,
                "min_minutes": 60,
                "max_minutes": 240,
                "window_days": 30,
                "buffer_minutes": 15,
                "quota_week_hours": 5,
                "approver": "keys_keeper",
                "cancel_hours": 24,
                "who": "members",
                "opening": "0 07:00 24:00\n1 07:00 24:00",
            },
        )
        assert response.status_code == 302, response.content.decode()
        place.room.rule.refresh_from_db()
        assert place.room.rule.quota_week_hours == 5
        assert place.room.rule.opening_hours.count() == 2
        event = AuditEvent.objects.filter(action="booking_rule.updated").latest("id")
        assert event.mandate is not None
        assert world.client_for(world.member).get(address).status_code == 403

    def test_a_malformed_opening_line_is_refused(self, world, place):
        response = world.client_for(world.founder).post(
            f"/m/r84-test/place/r/{place.room.slug}/rules/",
            {
                "slot_minutes": 30,
                "min_minutes": 30,
                "max_minutes": 240,
                "window_days": 30,
                "buffer_minutes": 0,
                "approver": "keys_keeper",
                "cancel_hours": 0,
                "who": "members",
                "opening": "Monday from eight",
            },
        )
        assert response.status_code == 400
        assert "is not" in response.content.decode()

    def test_the_keys_keeper_resolves_an_incident_from_the_care_page(
        self, world, place
    ):
        incident = care_services.incident_report(
            by=world.member, multifactory=world.multifactory, title="Door stuck"
        )
        button = 'name="status" value="resolved"'
        keeper_page = world.client_for(world.founder).get("/m/r84-test/place/care/")
        assert button in keeper_page.content.decode()
        member_page = world.client_for(world.member).get("/m/r84-test/place/care/")
        assert button not in member_page.content.decode()
        world.client_for(world.founder).post(
            f"/m/r84-test/place/care/incidents/{incident.pk}/status/",
            {"status": "resolved"},
        )
        incident.refresh_from_db()
        assert incident.status == "resolved"
        denied = world.client_for(world.member).post(
            f"/m/r84-test/place/care/incidents/{incident.pk}/status/",
            {"status": "open"},
        )
        assert denied.status_code == 403
