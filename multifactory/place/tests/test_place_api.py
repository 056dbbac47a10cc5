from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from multifactory.api.testing import ApiClient, error_of
from multifactory.doors import services as doors_services
from multifactory.place import rules
from multifactory.place.models import Booking, BookingStatus
from multifactory.place.tests.conftest import rome

MF = "/api/v1/m/r84-test/place"
FUTURE = (timezone.now() + timedelta(days=14)).astimezone(UTC).date()
TUESDAY = FUTURE - timedelta(days=FUTURE.weekday()) + timedelta(days=1)


def at(hour: int):
    return rome(TUESDAY.year, TUESDAY.month, TUESDAY.day, hour)


def payload(world, place, start, end, **extra):
    return {
        "resource": place.room.slug,
        "organization": world.company.slug,
        "start": start.isoformat(),
        "end": end.isoformat(),
        **extra,
    }


def test_a_member_lists_resources_and_a_visitor_or_outsider_cannot(world, place):
    response = ApiClient(world.member).get(f"{MF}/resources")
    assert response.status_code == 200
    assert {item["slug"] for item in response.json()["items"]} >= {"meeting-room"}
    assert ApiClient(None).get(f"{MF}/resources").status_code == 401
    assert ApiClient(world.outsider).get(f"{MF}/resources").status_code == 403
    assert ApiClient(world.other).get(f"{MF}/resources").status_code == 403


def test_a_member_books_moves_and_cancels_through_the_api(world, place):
    api = ApiClient(world.member)
    response = api.post(f"{MF}/bookings", payload(world, place, at(10), at(11)))
    assert response.status_code == 201, response.json()
    booking_id = response.json()["id"]
    moved = api.post(
        f"{MF}/bookings/{booking_id}/move",
        {"start": at(12).isoformat(), "end": at(13).isoformat()},
    )
    assert moved.status_code == 200, moved.json()
    assert Booking.objects.get().start == at(12)
    mine = api.get(f"{MF}/bookings/mine").json()
    assert [item["id"] for item in mine["items"]] == [booking_id]
    assert api.post(f"{MF}/bookings/{booking_id}/cancel").status_code == 200
    assert Booking.objects.get().status == BookingStatus.CANCELLED


def test_an_overlap_answers_409_with_when_the_resource_is_taken(world, place):
    ApiClient(world.owner).post(f"{MF}/bookings", payload(world, place, at(10), at(12)))
    response = ApiClient(world.founder).post(
        f"{MF}/bookings",
        payload(world, place, at(11), at(12), organization=world.neighbour.slug),
    )
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "conflict"
    assert "12:00" in error["message"] and "Atelier" not in error["message"]


def test_a_refused_booking_names_the_rule(world, place):
    response = ApiClient(world.member).post(
        f"{MF}/bookings", payload(world, place, at(19), at(21))
    )
    assert response.status_code == 422
    assert "opening hours" in error_of(response)["message"]
    response = ApiClient(world.member).post(
        f"{MF}/bookings", payload(world, place, at(12), at(10))
    )
    assert error_of(response)["message"] == str(rules.END_BEFORE_START)


def test_another_company_cannot_cancel_through_the_api(world, place):
    booking_id = (
        ApiClient(world.owner)
        .post(f"{MF}/bookings", payload(world, place, at(10), at(11)))
        .json()["id"]
    )
    response = ApiClient(world.other).post(f"{MF}/bookings/{booking_id}/cancel")
    assert response.status_code == 403


def test_a_series_is_booked_and_cancelled(world, place):
    api = ApiClient(world.owner)
    response = api.post(
        f"{MF}/series",
        payload(world, place, at(9), at(10), frequency="daily", count=3),
    )
    assert response.status_code == 201, response.json()
    series = response.json()
    assert len(series["occurrences"]) == 3
    cancelled = api.post(f"{MF}/series/{series['id']}/cancel")
    assert cancelled.status_code == 200
    assert {o["status"] for o in cancelled.json()["occurrences"]} == {"cancelled"}


def test_a_malformed_recurrence_is_refused(world, place):
    response = ApiClient(world.owner).post(
        f"{MF}/series", payload(world, place, at(9), at(10), frequency="daily")
    )
    assert response.status_code == 422
    assert not Booking.objects.exists()


def test_availability_units_usage_and_week_bookings(world, place):
    api = ApiClient(world.member)
    api.post(f"{MF}/bookings", payload(world, place, at(10), at(11)))
    free = api.get(
        f"{MF}/availability",
        start=at(10).isoformat(),
        end=at(11).isoformat(),
        capacity=4,
    )
    assert free.status_code == 200
    assert free.json() == []
    week = api.get(
        f"{MF}/resources/meeting-room/bookings",
        start=at(0).isoformat(),
        end=(at(0) + timedelta(days=7)).isoformat(),
    )
    assert [b["organization"] for b in week.json()] == ["atelier-uno"]
    units = api.get(f"{MF}/units").json()
    assert units["total_m2"] == 160
    usage = api.get(
        f"{MF}/usage", start=at(0).isoformat(), end=(at(0) + timedelta(1)).isoformat()
    ).json()
    assert usage == [
        {
            "organization": "Atelier Uno",
            "resource": "Meeting room",
            "category": "meeting_room",
            "hours": "1.00",
        }
    ]


@pytest.mark.parametrize("role", ["owner", "member"])
def test_only_a_trainer_qualifies_people(world, place, role):
    response = ApiClient(getattr(world, role)).post(
        f"{MF}/qualifications",
        {"person_id": world.member.pk, "equipment_type_id": place.laser_type.pk},
    )
    assert response.status_code == 403
    granted = ApiClient(world.founder).post(
        f"{MF}/qualifications",
        {"person_id": world.member.pk, "equipment_type_id": place.laser_type.pk},
    )
    assert granted.status_code == 201, granted.json()


def test_a_feed_address_is_given_once(world, place):
    response = ApiClient(world.member).post(f"{MF}/feeds", {"scope": "person"})
    assert response.status_code == 201
    assert "/place/ical/" in response.json()["url"]


class TestManagingThePlace:
    def test_the_keys_keeper_creates_a_resource_and_sets_its_rules(self, world, place):
        api = ApiClient(world.founder)
        created = api.post(
            f"{MF}/resources",
            {"kind": "space", "name": "Library", "category": "other", "capacity": 6},
        )
        assert created.status_code == 201, created.json()
        rule = api.patch(
            f"{MF}/resources/library/rule",
            {
                "slot_minutes": 60,
                "quota_week_hours": 4,
                "opening_hours": [{"weekday": 0, "opens": 540, "closes": 1080}],
            },
        )
        assert rule.status_code == 200, rule.json()
        assert rule.json()["quota_week_hours"] == 4
        member = ApiClient(world.member)
        refused = member.post(
            f"{MF}/bookings",
            payload(world, place, at(10), at(11), resource="library"),
        )
        assert refused.status_code == 422  # Tuesday: closed

    def test_a_member_cannot_manage_the_place(self, world, place):
        api = ApiClient(world.owner)
        assert (
            api.post(f"{MF}/resources", {"kind": "space", "name": "Mine"}).status_code
            == 403
        )
        assert (
            api.patch(
                f"{MF}/resources/meeting-room/rule", {"slot_minutes": 5}
            ).status_code
            == 403
        )
        assert api.post(f"{MF}/tasks", {"title": "Paint the hall"}).status_code == 403

    def test_units_are_assigned_and_keys_issued_and_returned(self, world, place):
        from multifactory.place import services

        api = ApiClient(world.founder)
        free_unit = services.resource_create(
            by=world.founder,
            multifactory=world.multifactory,
            kind="unit",
            name="Unit C",
            area_m2=25,
        )
        assigned = api.post(
            f"{MF}/resources/{free_unit.slug}/assignments",
            {"organization": "studio-due", "starts_on": "2027-01-01"},
        )
        assert assigned.status_code == 201, assigned.json()
        again = api.post(
            f"{MF}/resources/{free_unit.slug}/assignments",
            {"organization": "atelier-uno", "starts_on": "2027-02-01"},
        )
        assert again.status_code == 422
        key = doors_services.key_create(
            by=world.founder,
            multifactory=world.multifactory,
            kind="key",
            label="Back door",
            code="K-9",
        )
        issued = api.post(
            f"{MF}/keys/{key.pk}/issue",
            {"holder_id": world.member.pk, "organization": "atelier-uno"},
        )
        assert issued.status_code == 201, issued.json()
        assert issued.json()["holder_id"] == world.member.pk
        returned = api.post(f"{MF}/keys/{key.pk}/return", {"lost": False})
        assert returned.status_code == 200
        assert returned.json()["holder_id"] is None

    def test_tasks_are_created_and_moved_along_by_their_company(self, world, place):
        task = ApiClient(world.founder).post(
            f"{MF}/tasks",
            {"title": "Clean the gutters", "assigned_organization": "atelier-uno"},
        )
        assert task.status_code == 201, task.json()
        moved = ApiClient(world.member).post(
            f"{MF}/tasks/{task.json()['id']}/status", {"status": "done"}
        )
        assert moved.status_code == 200
        assert moved.json()["status"] == "done"


def test_the_keys_keeper_marks_a_machine_out_of_order_and_bookings_stop(world, place):
    response = ApiClient(world.founder).patch(
        f"{MF}/resources/{place.room.slug}", {"status": "out_of_order"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "out_of_order"
    refused = ApiClient(world.member).post(
        f"{MF}/bookings", payload(world, place, at(10), at(11))
    )
    assert error_of(refused)["message"] == str(rules.RESOURCE_UNAVAILABLE)
    assert (
        ApiClient(world.member)
        .patch(f"{MF}/resources/{place.room.slug}", {"status": "available"})
        .status_code
        == 403
    )
