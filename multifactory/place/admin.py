"""/operator/ for the place: read-only. The keys keeper's mandate (or a decision)
owns resources, rules, keys, doors and access policies; device and feed tokens are
kept as hashes and never shown."""

from multifactory.core.admin import register_read_only
from multifactory.place.models import (
    AccessCheck,
    AccessPolicy,
    Booking,
    BookingRule,
    BookingSeries,
    CalendarFeed,
    ChoreRota,
    Door,
    DoorController,
    EquipmentType,
    Incident,
    Key,
    KeyHandover,
    MaintenanceTask,
    OpeningHours,
    Qualification,
    Resource,
    UnitAssignment,
)

register_read_only(
    EquipmentType,
    Resource,
    UnitAssignment,
    BookingRule,
    OpeningHours,
    BookingSeries,
    Booking,
    Qualification,
    CalendarFeed,
    Door,
    Key,
    KeyHandover,
    AccessPolicy,
    DoorController,
    AccessCheck,
    Incident,
    MaintenanceTask,
    ChoreRota,
)
