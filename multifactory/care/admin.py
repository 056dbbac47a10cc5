"""/operator/ for the care of the place: read-only."""

from multifactory.care.models import ChoreRota, Incident, MaintenanceTask
from multifactory.core.admin import register_read_only

register_read_only(Incident, MaintenanceTask, ChoreRota)
