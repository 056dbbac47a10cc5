"""A place for the shared `world`: a meeting room, a laser cutter that needs a
qualification, a private unit of the owner's company, all in Europe/Rome."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from multifactory.place import services
from multifactory.place.models import EquipmentType, Resource

# A Monday, a few days before daylight-saving time starts (Sunday 28 March 2027).
NOW = datetime(2027, 3, 22, 7, 0, tzinfo=UTC)


def book(world, resource, start, end, *, by=None, organization=None, now=NOW, **kwargs):
    """A booking through the service: by the owner for the company unless told,
    at NOW (`now=None` for the real clock)."""
    return services.booking_create(
        by=by or world.owner,
        resource=resource,
        organization=organization or world.company,
        start=start,
        end=end,
        now=now,
        **kwargs,
    )


def rome(*args) -> datetime:
    """A wall-clock time in Rome, as an aware datetime."""
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo("Europe/Rome"))


@dataclass
class Place:
    room: Resource
    laser: Resource
    laser_type: EquipmentType
    unit: Resource
    neighbour_unit: Resource


@pytest.fixture
def place(world) -> Place:
    founder, mf = world.founder, world.multifactory
    room = services.resource_create(
        by=founder,
        multifactory=mf,
        kind="space",
        name="Meeting room",
        category="meeting_room",
        capacity=8,
        rule={"window_days": 60, "max_minutes": 8 * 60},
        # Monday to Friday 08:00–20:00, Saturday 09:00–13:00, closed on Sunday.
        opening_hours=[(day, 8 * 60, 20 * 60) for day in range(5)]
        + [(5, 9 * 60, 13 * 60)],
    )
    laser_type = services.equipment_type_create(
        by=founder, multifactory=mf, name="Laser cutter", requires_qualification=True
    )
    laser = services.resource_create(
        by=founder,
        multifactory=mf,
        kind="equipment",
        name="Laser cutter",
        category="machine",
        equipment_type=laser_type,
        located_in=room,
        hourly_cost=1200,
    )
    unit = services.resource_create(
        by=founder, multifactory=mf, kind="unit", name="Unit A", area_m2=120
    )
    neighbour_unit = services.resource_create(
        by=founder, multifactory=mf, kind="unit", name="Unit B", area_m2=40
    )
    services.unit_assign(
        by=founder, unit=unit, organization=world.company, starts_on=date(2026, 1, 1)
    )
    services.unit_assign(
        by=founder,
        unit=neighbour_unit,
        organization=world.neighbour,
        starts_on=date(2026, 1, 1),
    )
    return Place(room, laser, laser_type, unit, neighbour_unit)
