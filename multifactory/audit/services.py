"""Recording audit events. Every service calls `audit_record` inside its transaction."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models import QuerySet

from multifactory.audit import actions
from multifactory.audit.models import AuditEvent, purging

# The PostgreSQL setting the append-only trigger honours for DELETE (migration 0003).
PURGE_SETTING = "multifactory.audit_purge"


def _plain(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def audit_record(
    *,
    # Audit sits below community and governance and cannot import their models:
    # a Person, a Multifactory, an Organization, a Mandate and a Decision.
    by: Any,
    action: str,
    target: models.Model,
    multifactory: Any = None,
    organization: Any = None,
    mandate: Any = None,
    decision: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. `by` may be None for the system (a scheduled task).

    `mandate` or `decision` (a governance Decision) names the authority the service
    checked (`community.access.mandate_require`, `decision_require`); neither for a
    person acting for their own company or account. The decision's number is kept
    beside it, readable as it was when the act was done.

    `action` must be registered (multifactory.audit.actions): an unknown one raises
    UnknownAction, so no write is recorded under a name without a label."""
    actions.get(action)
    return AuditEvent.objects.create(
        multifactory=multifactory,
        actor=by,
        organization=organization,
        mandate=mandate,
        decision=decision,
        decision_reference=decision.number if decision is not None else "",
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        object_repr=str(target)[:200],
        changes={key: _plain(value) for key, value in (changes or {}).items()},
    )


@transaction.atomic
def audit_events_purge(*, events: QuerySet[AuditEvent]) -> int:
    """Delete these audit events on purpose; the only way rows leave the trail.

    For an operator purging a whole multifactory (`multifactory purge_multifactory`)
    and for the demo's reset, never for a person's action. On PostgreSQL it sets, for
    this transaction only and just around the DELETE, the setting the append-only
    trigger honours; the trigger still refuses every UPDATE. Returns how many rows went.
    """
    token = purging.set(True)
    try:
        _purge_setting("on")
        deleted, _by_model = events.delete()
        _purge_setting("off")
    finally:
        purging.reset(token)
    return deleted


def _purge_setting(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # is_local=true: it ends with the transaction even if "off" is never set.
            cursor.execute("SELECT set_config(%s, %s, true)", [PURGE_SETTING, value])
