"""Notification kinds of the place capability."""

from django.utils.translation import gettext_lazy as _

from multifactory.notifications.kinds import register

BOOKING_PENDING = register("booking_pending", _("A booking waits for my approval"))
BOOKING_DECIDED = register("booking_decided", _("My booking was approved or rejected"))
BOOKING_CANCELLED = register(
    "booking_cancelled", _("A booking of my company was cancelled"), email=False
)
INCIDENT_REPORTED = register("incident_reported", _("An urgent incident was reported"))
TASK_ASSIGNED = register(
    "maintenance_task_assigned", _("A maintenance task was assigned to me")
)
