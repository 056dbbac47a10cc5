from datetime import date
from decimal import Decimal

from multifactory.place import selectors, services
from multifactory.place.tests.conftest import NOW, book, rome


def test_usage_gives_confirmed_hours_per_company_and_resource_clipped_to_the_period(
    world, place
):
    book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12, 30))
    book(world, place.room, rome(2027, 3, 31, 19), rome(2027, 3, 31, 20))
    cancelled = book(world, place.room, rome(2027, 3, 24, 10), rome(2027, 3, 24, 12))
    services.booking_cancel(by=world.owner, booking=cancelled, now=NOW)
    book(
        world,
        place.unit,
        rome(2027, 3, 31, 23),
        rome(2027, 4, 1, 2),
        by=world.owner,
    )
    book(
        world,
        place.room,
        rome(2027, 3, 25, 10),
        rome(2027, 3, 25, 11),
        by=world.founder,
        organization=world.neighbour,
    )
    usage = selectors.usage_hours(
        multifactory=world.multifactory,
        start=rome(2027, 3, 1),
        end=rome(2027, 4, 1),
    )
    rows = {(u.organization, u.resource): u.hours for u in usage}
    assert rows == {
        ("Atelier Uno", "Meeting room"): Decimal("3.50"),
        ("Atelier Uno", "Unit A"): Decimal("1.00"),  # 23:00–24:00 of 31 March
        ("Studio Due", "Meeting room"): Decimal("1.00"),
    }
    by_category = selectors.usage_by_category(
        multifactory=world.multifactory, start=rome(2027, 3, 1), end=rome(2027, 4, 1)
    )
    assert by_category[(world.company.pk, "meeting_room")] == Decimal("3.50")
    assert by_category[(world.company.pk, "unit")] == Decimal("1.00")


def test_usage_of_another_multifactory_is_not_included(world, place):
    book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11))
    assert (
        selectors.usage_hours(
            multifactory=world.other_multifactory,
            start=rome(2027, 3, 1),
            end=rome(2027, 4, 1),
        )
        == []
    )


def test_occupancy_counts_assigned_private_area_over_the_total(world, place):
    services.unit_assignment_end(
        by=world.founder,
        assignment=place.neighbour_unit.assignments.get(),
        ends_on=date(2027, 2, 28),
    )
    rows, occupancy = selectors.units_with_holders(
        multifactory=world.multifactory, on=date(2027, 3, 22)
    )
    assert [(r.unit.name, r.holder) for r in rows] == [
        ("Unit A", world.company),
        ("Unit B", None),
    ]
    assert (occupancy.assigned_m2, occupancy.total_m2, occupancy.percent) == (
        120,
        160,
        75,
    )


def test_a_unit_cannot_be_assigned_twice_in_one_period(world, place):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.unit_assign(
            by=world.founder,
            unit=place.unit,
            organization=world.neighbour,
            starts_on=date(2027, 6, 1),
        )
    assert error.value.messages == [services.UNIT_ALREADY_ASSIGNED]
