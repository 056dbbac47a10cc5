"""The decision effect of the place capability: assign a private unit.

Registered in governance's registry when the app is ready (PlaceConfig.ready), so
governance does not import place. The effect calls `services.unit_assign` with
`decision=context.decision`: the service accepts the decision as its authority only
while it executes an effect of a kind in `services.ASSIGN_UNIT_EFFECTS`.

Parameters: `unit` (a private unit free today) and `organization` (an active member
company). An admission (governance's `admit_application`) carries the unit only and
names the company it has just admitted when it executes; it validates with
`{"unit": …, "with_admission": True}`.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from multifactory.community.models import ACTIVE_STATUSES, Organization
from multifactory.governance.effects import (
    EffectContext,
    EffectType,
    refusal,
    register,
    row_id,
)
from multifactory.place import selectors, services
from multifactory.place.models import Resource, ResourceKind

ASSIGN_UNIT = "assign_unit"

NO_SUCH_UNIT = _("No such private unit in this multifactory.")
UNIT_TAKEN = _("%(unit)s is assigned to %(company)s: this effect no longer applies.")
NO_SUCH_COMPANY = _("Choose an active member company of this multifactory.")


def _unit(multifactory, params: dict) -> Resource:
    pk = row_id(params.get("unit"), NO_SUCH_UNIT, "unit")
    unit = Resource.objects.filter(
        multifactory=multifactory, kind=ResourceKind.UNIT, pk=pk
    ).first()
    if unit is None:
        raise refusal("unit", NO_SUCH_UNIT)
    return unit


def _free_unit(multifactory, params: dict) -> Resource:
    """The unit named by `params["unit"]`, free today (place's own selector)."""
    unit = _unit(multifactory, params)
    holding = selectors.unit_holding(unit=unit, on=multifactory.today())
    if holding is not None:
        raise refusal(
            "unit",
            UNIT_TAKEN % {"unit": unit, "company": holding.organization},
            code="no_longer_applies",
        )
    return unit


def _organization(multifactory, params: dict) -> Organization:
    pk = row_id(params.get("organization"), NO_SUCH_COMPANY, "organization")
    organization = Organization.objects.filter(
        multifactory=multifactory, pk=pk, status__in=ACTIVE_STATUSES
    ).first()
    if organization is None:
        raise refusal("organization", NO_SUCH_COMPANY, code="no_longer_applies")
    return organization


def _validate(multifactory, params: dict) -> dict[str, Any]:
    cleaned: dict[str, Any] = {"unit": _free_unit(multifactory, params).pk}
    if not params.get("with_admission"):
        cleaned["organization"] = _organization(multifactory, params).pk
    return cleaned


def _execute(context: EffectContext) -> None:
    services.unit_assign(
        by=context.by,
        unit=_free_unit(context.multifactory, context.params),
        organization=_organization(context.multifactory, context.params),
        starts_on=context.multifactory.today(),
        decision=context.decision,
    )


def _describe(multifactory, params: dict) -> str:
    unit = _unit(multifactory, params)
    if params.get("organization") in (None, ""):
        return str(_("assign it the unit %(unit)s") % {"unit": unit})
    return str(
        _("Assign the unit %(unit)s to %(company)s")
        % {"unit": unit, "company": _organization(multifactory, params)}
    )


def _free_units(multifactory) -> list[Resource]:
    return selectors.free_units(multifactory=multifactory, on=multifactory.today())


register(
    EffectType(
        code=ASSIGN_UNIT,
        label=_("Assign a private unit"),
        validate=_validate,
        execute=_execute,
        describe=_describe,
        choices=_free_units,
    )
)
