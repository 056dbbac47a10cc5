from typing import Any

from django.db.models import QuerySet

from multifactory.audit.models import AuditEvent


def audit_event_list(
    *,
    # A Multifactory and an Organization: audit cannot import community's models.
    multifactory: Any,
    action: str = "",
    organization: Any = None,
) -> QuerySet[AuditEvent]:
    """The audit trail of one multifactory, newest first."""
    events = AuditEvent.objects.filter(multifactory=multifactory).select_related(
        "actor", "organization", "mandate", "decision__multifactory"
    )
    if action:
        events = events.filter(action__startswith=action)
    if organization is not None:
        events = events.filter(organization=organization)
    return events
