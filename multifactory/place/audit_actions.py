"""Audit actions of the place: spaces and bookings, access, care of the place."""

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
# Access
register("door.created", _("Door added"))
register("door_controller.created", _("Door controller added"))
register("door_controller.rotated", _("Door controller token renewed"))
register("door_controller.revoked", _("Door controller revoked"))
register("key.created", _("Key or badge added"))
register("key.issued", _("Key or badge handed over"))
register("key.returned", _("Key or badge returned"))
register("key.lost", _("Key or badge reported lost"))
register("access_policy.created", _("Access policy added"))
register("access_policy.ended", _("Access policy ended"))
# Care of the place
register("incident.reported", _("Incident reported"))
register("incident.status_changed", _("Incident status changed"))
register("incident.photo_set", _("Photo of an incident attached"))
register("maintenance_task.created", _("Maintenance task added"))
register("maintenance_task.status_changed", _("Maintenance task status changed"))
register("chore_rota.created", _("Chores rota created"))
