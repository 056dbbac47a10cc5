"""Notification kinds of the care of the place."""

from django.utils.translation import gettext_lazy as _

from multifactory.notifications.kinds import register

INCIDENT_REPORTED = register("incident_reported", _("An urgent incident was reported"))
TASK_ASSIGNED = register(
    "maintenance_task_assigned", _("A maintenance task was assigned to me")
)
