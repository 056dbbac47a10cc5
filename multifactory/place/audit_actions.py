"""Audit actions of the place: spaces and bookings."""

from django.utils.translation import gettext_lazy as _

from multifactory.audit.actions import register

# Spaces and bookings
register("resource.created", _("Resource added"))
register("resource.updated", _("Resource changed"))
register("equipment_type.created", _("Equipment type added"))
register("equipment_type.updated", _("Equipment type changed"))
register("booking_rule.updated", _("Booking rules changed"))
register("unit.assigned", _("Private unit assigned"))
register("unit.assignment_ended", _("Private unit assignment ended"))
register("booking.created", _("Booking made"))
register("booking.moved", _("Booking moved"))
register("booking.cancelled", _("Booking cancelled"))
register("booking.approved", _("Booking approved"))
register("booking.rejected", _("Booking rejected"))
register("booking_series.created", _("Repeating booking made"))
register("booking_series.cancelled", _("Repeating booking cancelled"))
register("calendar_feed.created", _("Calendar feed link created"))
register("calendar_feed.rotated", _("Calendar feed link renewed"))
register("qualification.granted", _("Qualification granted"))
register("qualification.revoked", _("Qualification revoked"))
