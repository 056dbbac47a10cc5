"""The place owns its decision effect (`assign_unit`), registered from its own module
at app ready; governance keeps only the registry and does not import place."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from multifactory.audit.models import AuditEvent
from multifactory.governance import effects, services
from multifactory.governance.tests.conftest import (
    both_companies_vote_yes,
    open_proposal,
)
from multifactory.place import effects as place_effects
from multifactory.place import services as place
from multifactory.place.models import UnitAssignment

GOVERNANCE = Path(effects.__file__).resolve().parent


@pytest.fixture
def unit(world):
    return place.resource_create(
        by=world.founder,
        multifactory=world.multifactory,
        kind="unit",
        name="Workshop D",
        area_m2=40,
    )


def test_the_place_registers_its_unit_effect_at_ready():
    effect_type = effects.REGISTRY["assign_unit"]
    assert effect_type.execute.__module__ == "multifactory.place.effects"


def test_governance_does_not_import_the_place():
    """Guards issue 8 item 2: governance's effects reached into place four times."""
    offenders = []
    for path in GOVERNANCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.startswith("multifactory.place")
            ]
    assert offenders == []


def test_a_decision_assigns_a_free_unit_to_a_member_company(world, unit):
    proposal = open_proposal(
        world,
        effects_=[
            {
                "kind": "assign_unit",
                "params": {"unit": unit.pk, "organization": world.neighbour.pk},
            }
        ],
    )
    assert "Workshop D" in effects.describe(
        world.multifactory, "assign_unit", proposal.effects.get().params
    )
    both_companies_vote_yes(world, proposal)
    decision = services.proposal_close(
        by=world.founder, proposal=proposal, now=proposal.closes_at
    )
    assignment = UnitAssignment.objects.get(unit=unit)
    assert assignment.organization == world.neighbour
    event = AuditEvent.objects.get(action="unit.assigned", object_id=assignment.pk)
    assert event.decision_reference == decision.number
    assert unit not in effects.free_units(world.multifactory)


def test_a_unit_held_today_is_refused_when_proposed(world, unit):
    place.unit_assign(
        by=world.founder,
        unit=unit,
        organization=world.company,
        starts_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as error:
        effects.validate(
            world.multifactory,
            "assign_unit",
            {"unit": unit.pk, "organization": world.neighbour.pk},
        )
    assert list(error.value.message_dict) == ["unit"]
    assert "no longer applies" in error.value.messages[0]


def test_the_effect_needs_a_company_unless_it_rides_on_an_admission(world, unit):
    with pytest.raises(ValidationError) as error:
        effects.validate(world.multifactory, "assign_unit", {"unit": unit.pk})
    assert error.value.message_dict == {
        "organization": [str(place_effects.NO_SUCH_COMPANY)]
    }
    assert effects.validate(
        world.multifactory, "assign_unit", {"unit": unit.pk, "with_admission": True}
    ) == {"unit": unit.pk}


def test_the_unit_service_refuses_a_decision_that_is_not_executing(world, unit):
    """The authority contract: a decision is an authority only while it executes."""
    proposal = open_proposal(world)
    both_companies_vote_yes(world, proposal)
    decision = services.proposal_close(
        by=world.founder, proposal=proposal, now=proposal.closes_at
    )
    with pytest.raises(PermissionDenied):
        place.unit_assign(
            by=world.member,
            unit=unit,
            organization=world.neighbour,
            starts_on=timezone.localdate(),
            decision=decision,
        )
