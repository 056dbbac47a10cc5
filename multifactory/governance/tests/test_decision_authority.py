"""Issue 7, finding 4: every act rests on a verified authority.

A service the managing body may order takes the governance `Decision` itself, and
accepts it only while that adopted decision of the same multifactory carries out an
effect of a kind that orders the act. A number, a made-up, foreign, rejected or
non-covering decision, or an old one whose effects already ran, is refused; the
plain member acting here holds no mandate, so nothing else could let them through.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from multifactory.audit.models import AuditEvent
from multifactory.community import access
from multifactory.community import services as community
from multifactory.community.models import Invitation, MandateKind, Organization
from multifactory.governance.models import (
    Decision,
    Outcome,
    Proposal,
    ProposalEffect,
    ProposalState,
)
from multifactory.place import services as place
from multifactory.place.models import UnitAssignment

NOW = timezone.now()


def record_decision(
    multifactory,
    proposer,
    kind: str,
    *,
    outcome=Outcome.ADOPTED,
    executed: bool = False,
) -> Decision:
    """A decision in the register whose proposal carries one effect of `kind`."""
    proposal = Proposal.objects.create(
        multifactory=multifactory,
        title="An act of the managing body",
        method="majority",
        state=ProposalState.CLOSED,
        proposed_by=proposer,
    )
    ProposalEffect.objects.create(
        proposal=proposal, kind=kind, params={}, executed_at=NOW if executed else None
    )
    sequence = Decision.objects.filter(multifactory=multifactory).count() + 1
    decision = Decision(
        multifactory=multifactory,
        year=2026,
        sequence=sequence,
        number=f"2026/{sequence:03d}",
        proposal=proposal,
        title=proposal.title,
        method="majority",
        outcome=outcome,
        decided_at=NOW,
    )
    decision.save()
    return decision


def running(decision: Decision):
    """The decision while it carries out its (first) effect, as proposal_close does."""
    return decision.executing(decision.proposal.effects.first())


# What each service does with a decision, and the effect kind that orders it.


def organization_create(world, decision):
    community.organization_create(
        by=world.member,
        multifactory=world.multifactory,
        name="Admitted Works",
        kind="artisan",
        sector="C",
        stage="growing",
        status="member",
        decision=decision,
    )
    return Organization.objects.filter(name="Admitted Works")


def organization_set_status(world, decision):
    community.organization_set_status(
        by=world.member,
        organization=world.neighbour,
        status="leaving",
        decision=decision,
    )
    return Organization.objects.filter(pk=world.neighbour.pk, status="leaving")


def mandate_grant(world, decision):
    community.mandate_grant(
        by=world.member,
        multifactory=world.multifactory,
        person=world.member,
        kind=MandateKind.KEYS_KEEPER,
        decision=decision,
    )
    return world.member.mandates.filter(kind=MandateKind.KEYS_KEEPER)


def mandate_revoke(world, decision):
    founders = world.founder.mandates.filter(kind=MandateKind.FOUNDER)
    community.mandate_revoke(
        by=world.member, mandate=founders.get(), reason="Done", decision=decision
    )
    return founders.filter(revoked_at__isnull=False)


def invitation_create(world, decision):
    community.invitation_create(
        by=world.member,
        organization=world.company,
        email="newcomer@example.org",
        role="representative",
        decision=decision,
    )
    return Invitation.objects.filter(email="newcomer@example.org")


def unit_assign(world, decision):
    unit = place.resource_create(
        by=world.founder,
        multifactory=world.multifactory,
        kind="unit",
        name="Unit Z",
        area_m2=50,
    )
    place.unit_assign(
        by=world.member,
        unit=unit,
        organization=world.company,
        starts_on=world.multifactory.today(),
        decision=decision,
    )
    return UnitAssignment.objects.filter(unit=unit)


SERVICES = {
    "organization_create": (organization_create, "admit_application"),
    "organization_set_status": (organization_set_status, "end_membership"),
    "mandate_grant": (mandate_grant, "grant_mandate"),
    "mandate_revoke": (mandate_revoke, "revoke_mandate"),
    "invitation_create": (invitation_create, "admit_application"),
    "unit_assign": (unit_assign, "admit_application"),
}


def bad_authority(world, how: str, kind: str):
    """A context manager and the decision it runs, for each way to be refused."""
    mf, proposer = world.multifactory, world.owner
    if how == "a_number":
        decision = record_decision(mf, proposer, kind)
        return running(decision), decision.number
    if how == "made_up":
        decision = Decision(multifactory=mf, number="2026/999", outcome="adopted")
        return decision.executing(ProposalEffect(kind=kind)), decision
    if how == "of_another_multifactory":
        decision = record_decision(world.other_multifactory, world.other, kind)
    elif how == "rejected":
        decision = record_decision(mf, proposer, kind, outcome=Outcome.REJECTED)
    elif how == "ordering_something_else":
        decision = record_decision(mf, proposer, "amend_charter")
    elif how == "whose_effects_already_ran":
        decision = record_decision(mf, proposer, kind, executed=True)
    elif how == "not_carrying_out_its_effect":
        decision = record_decision(mf, proposer, kind)
        return _nothing(), decision
    return running(decision), decision


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


BAD = [
    "a_number",
    "made_up",
    "of_another_multifactory",
    "rejected",
    "ordering_something_else",
    "whose_effects_already_ran",
    "not_carrying_out_its_effect",
]


@pytest.mark.parametrize("how", BAD)
@pytest.mark.parametrize("service", SERVICES)
def test_a_service_refuses_a_decision_that_does_not_order_it_now(world, service, how):
    act, kind = SERVICES[service]
    context, decision = bad_authority(world, how, kind)
    with context, pytest.raises(PermissionDenied) as refusal:
        act(world, decision)
    assert str(refusal.value) == str(access.DECISION_DOES_NOT_ORDER_THIS)
    assert not AuditEvent.objects.filter(decision__isnull=False).exists()


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_accepts_the_decision_carrying_out_its_effect_and_audits_it(
    world, service
):
    act, kind = SERVICES[service]
    decision = record_decision(world.multifactory, world.owner, kind)
    with running(decision):
        done = act(world, decision)
    assert done.exists()
    event = AuditEvent.objects.exclude(action="resource.created").latest("id")
    assert event.decision == decision
    assert event.decision_reference == decision.number
    assert event.mandate is None


def test_a_decision_orders_only_while_its_effect_runs_and_only_once(world):
    decision = record_decision(world.multifactory, world.owner, "grant_mandate")
    effect = decision.proposal.effects.get()
    mf = world.multifactory
    assert not decision.authorizes(multifactory=mf, effect="grant_mandate")
    with decision.executing(effect):
        assert decision.authorizes(multifactory=mf, effect="grant_mandate")
        assert not decision.authorizes(multifactory=mf, effect="revoke_mandate")
        assert not decision.authorizes(
            multifactory=world.other_multifactory, effect="grant_mandate"
        )
        effect.executed_at = NOW
        effect.save(update_fields=["executed_at"])
        assert not decision.authorizes(multifactory=mf, effect="grant_mandate")
    assert not decision.authorizes(multifactory=mf, effect="grant_mandate")


def test_a_decision_tampered_in_memory_is_checked_against_the_register(world):
    decision = record_decision(
        world.multifactory, world.owner, "grant_mandate", outcome=Outcome.REJECTED
    )
    decision.outcome = Outcome.ADOPTED  # not saved: the register says rejected
    with running(decision):
        assert not decision.authorizes(
            multifactory=world.multifactory, effect="grant_mandate"
        )


def test_existing_audit_rows_are_linked_to_their_decision_by_number(world):
    """The data migration links events that named a decision by its number, in the
    same multifactory only."""
    from importlib import import_module

    link_decisions = import_module(
        "multifactory.audit.migrations.0003_audit_event_decision_link"
    ).link_decisions
    here = record_decision(world.multifactory, world.owner, "grant_mandate")
    there = record_decision(world.other_multifactory, world.other, "grant_mandate")
    assert here.number == there.number
    # The migration runs before the trail became append-only (audit 0004): use the
    # models as they were then, and lift PostgreSQL's triggers for this test's
    # transaction, which is rolled back.
    then = (
        MigrationLoader(connection)
        .project_state(("audit", "0003_audit_event_decision_link"))
        .apps
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    OldAuditEvent = then.get_model("audit", "AuditEvent")
    old_here = OldAuditEvent.objects.create(
        multifactory_id=world.multifactory.pk,
        action="mandate.granted",
        object_type="community.mandate",
        object_id="1",
        object_repr="x",
        decision_reference=here.number,
    )
    unknown = OldAuditEvent.objects.create(
        multifactory_id=world.multifactory.pk,
        action="mandate.granted",
        object_type="community.mandate",
        object_id="2",
        object_repr="y",
        decision_reference="2019/042",
    )
    link_decisions(then, None)
    old_here.refresh_from_db()
    unknown.refresh_from_db()
    assert old_here.decision_id == here.pk
    assert unknown.decision is None and unknown.decision_reference == "2019/042"


def test_the_audit_page_and_api_show_the_decision_number(world):
    from multifactory.api.tests.helpers import ApiClient

    decision = record_decision(world.multifactory, world.owner, "grant_mandate")
    with running(decision):
        mandate_grant(world, decision)
    page = world.client_for(world.member).get(
        reverse("audit:trail", kwargs={"mf": world.multifactory.slug}),
        {"action": "mandate.granted"},
    )
    assert f'href="{decision.get_absolute_url()}"' in page.text
    assert f"decision {decision.number}" in page.text
    items = (
        ApiClient(world.member)
        .get(f"/api/v1/m/{world.multifactory.slug}/audit", action="mandate.granted")
        .json()["items"]
    )
    granted = [item for item in items if item["decision"]]
    assert granted[0]["decision"] == decision.number
    assert granted[0]["decision_reference"] == decision.number


def test_a_founding_mandate_is_revoked_by_a_decision_only(world):
    """Issue 7, finding 9: a founder revokes others' mandates, not a founding one."""
    founding = world.founder.mandates.get(kind=MandateKind.FOUNDER)
    with pytest.raises(PermissionDenied):
        community.mandate_revoke(by=world.founder, mandate=founding)
    decision = record_decision(world.multifactory, world.owner, "revoke_mandate")
    with running(decision):
        community.mandate_revoke(by=None, mandate=founding, decision=decision)
    founding.refresh_from_db()
    assert founding.revoked_at is not None
    assert founding.revoked_at <= timezone.now() + timedelta(seconds=1)


def test_a_decision_admitting_a_company_cannot_end_another_membership(world):
    decision = record_decision(world.multifactory, world.owner, "admit_company")
    with running(decision), pytest.raises(PermissionDenied):
        community.organization_set_status(
            by=None, organization=world.neighbour, status="former", decision=decision
        )
    world.neighbour.refresh_from_db()
    assert world.neighbour.status == "member"
