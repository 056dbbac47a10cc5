from django.db.models import QuerySet

from multifactory.audit.models import AuditEvent


def audit_event_list(*, multifactory, action: str = "", organization=None) -> QuerySet:
    """The audit trail of one multifactory, newest first."""
    events = AuditEvent.objects.filter(multifactory=multifactory).select_related(
        "actor", "organization", "mandate", "decision__multifactory"
    )
    if action:
        events = events.filter(action__startswith=action)
    if organization is not None:
        events = events.filter(organization=organization)
    return events
