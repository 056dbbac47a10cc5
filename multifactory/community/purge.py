"""Deleting a whole multifactory with its history, on purpose: an operator's act.

The audit trail is append-only and its foreign keys PROTECT, so `Multifactory.delete()`
is refused while the trail names the multifactory. This is the one documented way
past that: it removes the trail of the multifactory (through
`audit.services.audit_events_purge`, the only path that deletes audit rows) and then
the multifactory with everything in it. Used by `multifactory purge_multifactory` and
by the demo's reset; no page or API endpoint calls it.
"""

from django.db import transaction
from django.db.models import Q

from multifactory.audit.models import AuditEvent
from multifactory.audit.services import audit_events_purge
from multifactory.community.models import Multifactory


@transaction.atomic
def multifactory_purge(*, multifactory: Multifactory) -> int:
    """Delete the multifactory, its data and its whole audit trail; return how many
    audit events went. Rows of its companies or mandates recorded under no
    multifactory go too, since they name what is being deleted; a row of another
    multifactory that names them stays, and PROTECT refuses the whole purge."""
    events = AuditEvent.objects.filter(
        Q(multifactory=multifactory)
        | Q(multifactory=None, organization__multifactory=multifactory)
        | Q(multifactory=None, mandate__multifactory=multifactory)
    )
    purged = audit_events_purge(events=events)
    multifactory.delete()
    return purged
