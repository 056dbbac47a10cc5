"""/operator/ for the place: read-only. The keys keeper's mandate (or a decision)
owns resources and rules; feed tokens are kept as hashes and never shown."""

from multifactory.core.admin import register_read_only
from multifactory.place.models import (
    Booking,
    BookingRule,
    BookingSeries,
    CalendarFeed,
    EquipmentType,
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
)
