"""Issue 7: who may act, on what authority, and on which day.

- Finding 4: a decision is a verified object (community knows it by the `Authority`
  protocol, which governance's Decision implements), never a number.
- Finding 9: the founding mandate is created with the multifactory only, and only a
  decision revokes one.
- Finding 10: "today" is the multifactory's date, not the UTC one.
"""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from multifactory.api.testing import ApiClient
from multifactory.community import access, services
from multifactory.community.models import Mandate, MandateBasis, MandateKind
from multifactory.core.services import save_validated


class StubDecision:
    """Stands in for a governance Decision: it orders what it is told to."""

    number = "2026/014"

    def __init__(self, multifactory, kinds):
        self.multifactory, self.kinds = multifactory, set(kinds)

    def authorizes(self, *, multifactory, effect) -> bool:
        return multifactory == self.multifactory and bool(self.kinds & set(effect))


# Finding 4 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authority",
    ["2026/014", 14, object(), None],
    ids=["number", "int", "object", "none"],
)
def test_decision_require_refuses_anything_but_a_decision(world, authority):
    with pytest.raises(PermissionDenied) as refusal:
        access.decision_require(authority, world.multifactory, effect="grant_mandate")
    assert str(refusal.value) == str(access.DECISION_DOES_NOT_ORDER_THIS)


def test_decision_require_asks_the_decision_whether_it_orders_this_act(world):
    decision = StubDecision(world.multifactory, {"grant_mandate"})
    assert (
        access.decision_require(decision, world.multifactory, effect="grant_mandate")
        is decision
    )
    assert access.decision_require(
        decision, world.multifactory, effect=("admit_company", "grant_mandate")
    )
    for multifactory, effect in [
        (world.other_multifactory, "grant_mandate"),
        (world.multifactory, "revoke_mandate"),
    ]:
        with pytest.raises(PermissionDenied):
            access.decision_require(decision, multifactory, effect=effect)


def community_acts(world, decision):
    """Every community service a decision may order, as a plain member calls it."""
    founding = world.founder.mandates.get(kind=MandateKind.FOUNDER)
    return {
        "organization_create": lambda: services.organization_create(
            by=world.member,
            multifactory=world.multifactory,
            name="Claimed Works",
            kind="artisan",
            sector="C",
            stage="growing",
            decision=decision,
        ),
        "organization_set_status": lambda: services.organization_set_status(
            by=world.member,
            organization=world.neighbour,
            status="former",
            decision=decision,
        ),
        "mandate_grant": lambda: services.mandate_grant(
            by=world.member,
            multifactory=world.multifactory,
            person=world.member,
            kind=MandateKind.TREASURER,
            decision=decision,
        ),
        "mandate_revoke": lambda: services.mandate_revoke(
            by=world.member, mandate=founding, decision=decision
        ),
        "invitation_create": lambda: services.invitation_create(
            by=world.member,
            organization=world.company,
            email="claimed@example.org",
            decision=decision,
        ),
    }


EVERY_EFFECT = {
    "admit_application",
    "admit_company",
    "end_membership",
    "grant_mandate",
    "revoke_mandate",
}
ACTS = [
    "organization_create",
    "organization_set_status",
    "mandate_grant",
    "mandate_revoke",
    "invitation_create",
]


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize(
    "decision",
    ["number", "foreign", "orders_something_else"],
)
def test_no_community_service_takes_a_claimed_decision_for_authority(
    world, act, decision
):
    """Today's main skipped the mandate check for any non-empty decision number."""
    authority = {
        "number": "2026/014",
        "foreign": StubDecision(world.other_multifactory, EVERY_EFFECT),
        "orders_something_else": StubDecision(world.multifactory, {"amend_charter"}),
    }[decision]
    with pytest.raises(PermissionDenied) as refusal:
        community_acts(world, authority)[act]()
    assert str(refusal.value) == str(access.DECISION_DOES_NOT_ORDER_THIS)


# Finding 9 ---------------------------------------------------------------------------


def test_a_founder_cannot_mint_another_founding_mandate(world):
    with pytest.raises(ValidationError) as refusal:
        services.mandate_grant(
            by=world.founder,
            multifactory=world.multifactory,
            person=world.owner,
            kind=MandateKind.FOUNDER,
        )
    assert refusal.value.message_dict == {"kind": [str(services.FOUNDER_NOT_GRANTED)]}
    assert not world.owner.mandates.exists()


def test_nor_through_the_api(world):
    response = ApiClient(world.founder).post(
        f"/api/v1/m/{world.multifactory.slug}/mandates",
        {"person_id": world.owner.pk, "kind": "founder"},
    )
    assert response.status_code == 422, response.json()
    assert str(services.FOUNDER_NOT_GRANTED) in str(response.json())
    assert not world.owner.mandates.exists()


def a_second_founder(world) -> Mandate:
    """A founding mandate minted before this rule (the database may hold some)."""
    return Mandate.objects.create(
        multifactory=world.multifactory,
        person=world.owner,
        kind=MandateKind.FOUNDER,
        starts_on=date(2026, 1, 1),
        basis=MandateBasis.FOUNDING_ACT,
    )


def test_a_founder_cannot_revoke_the_original_founders_mandate(world):
    a_second_founder(world)
    original = world.founder.mandates.get(kind=MandateKind.FOUNDER)
    with pytest.raises(PermissionDenied) as refusal:
        services.mandate_revoke(by=world.owner, mandate=original)
    assert str(refusal.value) == str(services.FOUNDER_REVOKED_BY_DECISION)
    response = ApiClient(world.owner).post(
        f"/api/v1/m/{world.multifactory.slug}/mandates/{original.pk}/revoke", {}
    )
    assert response.status_code == 403
    page = world.client_for(world.owner).post(
        reverse(
            "community:mandate_revoke",
            kwargs={"mf": world.multifactory.slug, "pk": original.pk},
        )
    )
    assert page.status_code == 403
    original.refresh_from_db()
    assert original.revoked_at is None


def test_a_founder_still_revokes_other_mandates(world):
    treasurer = services.mandate_grant(
        by=world.founder,
        multifactory=world.multifactory,
        person=world.owner,
        kind=MandateKind.TREASURER,
    )
    services.mandate_revoke(by=world.founder, mandate=treasurer, reason="Done")
    treasurer.refresh_from_db()
    assert treasurer.revoked_at is not None


# Finding 6, without threads: the same mandate is granted once -------------------------


def test_the_same_mandate_is_not_granted_twice(world):
    def grant(**term):
        return services.mandate_grant(
            by=world.founder,
            multifactory=world.multifactory,
            person=world.owner,
            kind=MandateKind.TRAINER,
            scope="laser cutter",
            **term,
        )

    grant()
    with pytest.raises(ValidationError) as refusal:
        grant()
    assert refusal.value.messages == [str(services.MANDATE_ALREADY_HELD)]
    with pytest.raises(ValidationError):
        grant(starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 31))
    # Another scope is another mandate.
    services.mandate_grant(
        by=world.founder,
        multifactory=world.multifactory,
        person=world.owner,
        kind=MandateKind.TRAINER,
        scope="ceramic kiln",
    )


def test_a_term_that_does_not_overlap_is_a_renewal(world):
    def grant(starts_on, ends_on):
        return services.mandate_grant(
            by=world.founder,
            multifactory=world.multifactory,
            person=world.owner,
            kind=MandateKind.TREASURER,
            starts_on=starts_on,
            ends_on=ends_on,
        )

    grant(date(2026, 1, 1), date(2026, 12, 31))
    grant(date(2027, 1, 1), date(2027, 12, 31))
    with pytest.raises(ValidationError):
        grant(date(2027, 6, 1), date(2028, 5, 31))


def test_the_database_keeps_one_open_ended_mandate_of_a_kind(world):
    """The last word, for a writer that skips the service."""
    from django.db import IntegrityError, transaction

    def row():
        return Mandate(
            multifactory=world.multifactory,
            person=world.owner,
            kind=MandateKind.TREASURER,
            starts_on=date(2026, 1, 1),
            basis=MandateBasis.FOUNDING_ACT,
        )

    row().save()
    with pytest.raises(IntegrityError), transaction.atomic():
        row().save()
    with pytest.raises(ValidationError) as refusal:
        save_validated(row())
    assert refusal.value.messages == [str(services.MANDATE_ALREADY_HELD)]


# Finding 10 --------------------------------------------------------------------------

# Rome is UTC+1 in winter: 22:30 UTC on 31 December is 23:30 there, 23:30 UTC is
# already 00:30 on 1 January.
BEFORE_MIDNIGHT_IN_ROME = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)
AFTER_MIDNIGHT_IN_ROME = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def test_a_mandate_ending_31_december_ends_at_midnight_in_rome(world, clock):
    mandate = services.mandate_grant(
        by=world.founder,
        multifactory=world.multifactory,
        person=world.owner,
        kind=MandateKind.TREASURER,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    clock(BEFORE_MIDNIGHT_IN_ROME)
    assert access.active_mandate(world.owner, world.multifactory, "treasurer")
    assert mandate.is_active()
    assert Mandate.objects.active().filter(pk=mandate.pk).exists()

    clock(AFTER_MIDNIGHT_IN_ROME)  # still 31 December in UTC
    assert access.active_mandate(world.owner, world.multifactory, "treasurer") is None
    assert not mandate.is_active()
    assert not Mandate.objects.active().filter(pk=mandate.pk).exists()
    with pytest.raises(PermissionDenied):
        access.mandate_require(world.owner, world.multifactory, "treasurer")


def test_community_dates_are_the_multifactorys(world, clock):
    clock(AFTER_MIDNIGHT_IN_ROME)
    company = services.organization_set_status(
        by=world.founder, organization=world.neighbour, status="leaving"
    )
    assert company.leaving_on == date(2027, 1, 1)
    mandate = services.mandate_grant(
        by=world.founder,
        multifactory=world.multifactory,
        person=world.owner,
        kind=MandateKind.TREASURER,
    )
    assert mandate.starts_on == date(2027, 1, 1)
    founded = services.multifactory_create(by=world.outsider, name="New Year Works")
    assert founded.mandates.get().starts_on == date(2027, 1, 1)
