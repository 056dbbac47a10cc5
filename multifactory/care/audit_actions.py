"""Audit actions of the care of the place."""

from django.utils.translation import gettext_lazy as _

from multifactory.audit.actions import register

register("incident.reported", _("Incident reported"))
register("incident.status_changed", _("Incident status changed"))
register("incident.photo_set", _("Photo of an incident attached"))
register("maintenance_task.created", _("Maintenance task added"))
register("maintenance_task.status_changed", _("Maintenance task status changed"))
register("chore_rota.created", _("Chores rota created"))
