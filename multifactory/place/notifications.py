"""Notification kinds of the place capability."""

from django.utils.translation import gettext_lazy as _

from multifactory.notifications.kinds import register

BOOKING_PENDING = register("booking_pending", _("A booking waits for my approval"))
BOOKING_DECIDED = register("booking_decided", _("My booking was approved or rejected"))
BOOKING_CANCELLED = register(
    "booking_cancelled", _("A booking of my company was cancelled"), email=False
)
