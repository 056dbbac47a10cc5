"""Floors of the rules (issue 7, finding 1): a proposal that carries effects asks for
at least the quorum, voting period, notice and majority the multifactory's rules set;
a proposer may ask for more, never less, and a floor changes only by a decision that
meets the floor it changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_company, make_person
from multifactory.api.testing import ApiClient
from multifactory.community import services as community
from multifactory.community.models import Mandate, Role
from multifactory.governance import floors, rules, services
from multifactory.governance.models import ProposalState
from multifactory.governance.tests.conftest import open_proposal

MF = "/api/v1/m/r84-test"


@pytest.fixture
def companies(world):
    """Four more member companies (six in all), each with a representative."""
    made = []
    for i, name in enumerate(["Ceramiche", "Legno", "Vetro", "Ferro"]):
        company = make_company(
            by=world.founder, multifactory=world.multifactory, name=name
        )
        person = make_person(f"rep{i}@example.org", f"Rep {name}")
        community.membership_add(
            by=world.founder,
            organization=company,
            person=person,
            role=Role.REPRESENTATIVE,
        )
        made.append((company, person))
    return made


def keys_to_myself(world) -> list[dict]:
    return [
        {
            "kind": "grant_mandate",
            "params": {"person": world.owner.pk, "kind": "keys_keeper"},
        }
    ]


def test_a_lone_representative_cannot_give_himself_the_keys_with_quorum_0_and_75_s(
    world,
):
    """The attack of the issue: quorum 0, a 75-second window, open at once."""
    with pytest.raises(ValidationError) as error:
        services.proposal_create(
            by=world.owner,
            multifactory=world.multifactory,
            title="Keys for me",
            method="majority",
            quorum_percent=0,
            closes_at=timezone.now() + timedelta(seconds=75),
            effects_=keys_to_myself(world),
            open_now=True,
        )
    refused = error.value.message_dict
    assert set(refused) == {"quorum_percent", "closes_at", "open_now"}
    assert "at least 50 %" in refused["quorum_percent"][0]
    assert "Minimum quorum to grant or revoke a mandate" in refused["quorum_percent"][0]
    assert "at least 3 days" in refused["closes_at"][0]
    assert "1 day after it is made" in refused["open_now"][0]
    assert not world.multifactory.proposals.exists()
    assert not Mandate.objects.filter(kind="keys_keeper").exists()


def test_the_attack_through_the_api_answers_422_naming_the_floors(world):
    response = ApiClient(world.owner).post(
        f"{MF}/proposals",
        {
            "title": "Keys for me",
            "method": "majority",
            "quorum_percent": 0,
            "closes_at": (timezone.now() + timedelta(seconds=75)).isoformat(),
            "effects": keys_to_myself(world),
        },
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert "Minimum quorum to grant or revoke a mandate" in fields["quorum_percent"][0]
    assert "Minimum voting period" in fields["closes_at"][0]
    assert "Minimum notice" in fields["open_now"][0]


def test_closing_early_cannot_adopt_a_decision_below_quorum(world, companies):
    """A facilitator cannot cut the window short; at its end one ballot of six is no
    quorum, and no effect runs."""
    proposal = open_proposal(world, effects_=keys_to_myself(world))
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    with pytest.raises(ValidationError) as error:
        services.proposal_close(by=world.founder, proposal=proposal)
    assert "stays open until its voting window ends" in error.value.messages[0]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.OPEN
    decision = services.proposal_close(
        by=world.owner, proposal=proposal, now=proposal.closes_at
    )
    assert decision.outcome == "no_quorum"
    assert not Mandate.objects.filter(kind="keys_keeper").exists()


def test_a_proposal_that_meets_the_floors_grants_the_mandate(world):
    now = timezone.now()
    proposal = services.proposal_create(
        by=world.owner,
        multifactory=world.multifactory,
        title="Olga keeps the keys",
        method="majority",
        quorum_percent=50,
        opens_at=now + timedelta(hours=24),
        closes_at=now + timedelta(hours=24 + 72),
        effects_=keys_to_myself(world),
        now=now,
    )
    assert proposal.state == ProposalState.DRAFT
    with pytest.raises(ValidationError) as error:
        services.proposal_open(by=world.owner, proposal=proposal)
    assert "may open from" in error.value.messages[0]
    opens = now + timedelta(hours=24)
    services.proposals_tick(now=opens)
    for person, company in [
        (world.owner, world.company),
        (world.founder, world.neighbour),
    ]:
        services.ballot_cast(
            by=person,
            proposal=proposal,
            organization=company,
            choice={"vote": "yes"},
            now=opens + timedelta(hours=1),
        )
    decision = services.proposal_close(
        by=world.owner, proposal=proposal, now=opens + timedelta(hours=2)
    )
    assert decision.outcome == "adopted"
    assert world.owner.mandates.filter(kind="keys_keeper").exists()


def test_a_proposer_may_ask_for_more_never_less(world, applicant):
    effects_ = [{"kind": "admit_company", "params": {"organization": applicant.pk}}]
    proposal = open_proposal(world, quorum_percent=90, effects_=effects_)
    assert proposal.quorum_percent == 90
    with pytest.raises(ValidationError) as error:
        open_proposal(world, quorum_percent=32, effects_=effects_)
    assert "at least 33 %" in error.value.message_dict["quorum_percent"][0]


def test_without_a_quorum_the_default_is_raised_to_the_floor(world):
    now = timezone.now()
    proposal = services.proposal_create(
        by=world.owner,
        multifactory=world.multifactory,
        title="Charter",
        method="consent",
        opens_at=now + timedelta(days=7),
        closes_at=now + timedelta(days=14),
        effects_=[{"kind": "amend_charter", "params": {"text": "We make things."}}],
        now=now,
    )
    assert proposal.quorum_percent == 50


def test_the_strictest_floor_of_the_effects_applies(world):
    """Spending alone has the general floors; with the charter, the charter's."""
    now = timezone.now()
    spending = {
        "kind": "approve_spending",
        "params": {"description": "Roof", "amount": 100},
    }
    charter = {"kind": "amend_charter", "params": {"text": "We make things."}}
    applying = floors.for_effects(
        world.multifactory,
        [(e["kind"], e["params"]) for e in [spending, charter]],
    )
    assert (applying.quorum.value, applying.notice_hours.value) == (50, 168)
    assert str(applying.majority.value) == "2/3"
    with pytest.raises(ValidationError) as error:
        services.proposal_create(
            by=world.owner,
            multifactory=world.multifactory,
            title="Roof and charter",
            method="majority",
            quorum_percent=40,
            closes_at=now + timedelta(days=30),
            effects_=[spending, charter],
        )
    refused = error.value.message_dict
    assert "majority of 2/3" in refused["method"][0]
    assert "at least 50 %" in refused["quorum_percent"][0]


@pytest.mark.parametrize(
    "method,threshold,accepted",
    [
        ("majority", "1/2", False),
        ("qualified", "3/5", False),
        ("qualified", "2/3", True),
        ("qualified", "3/4", True),
        ("consent", "1/2", True),
        ("consensus", "1/2", True),
    ],
)
def test_ending_a_membership_needs_two_thirds_or_consent(
    world, method, threshold, accepted
):
    fields = {
        "method": method,
        "threshold": threshold,
        "effects_": [
            {"kind": "end_membership", "params": {"organization": world.neighbour.pk}}
        ],
    }
    if accepted:
        assert open_proposal(world, **fields).state == ProposalState.OPEN
    else:
        with pytest.raises(ValidationError) as error:
            open_proposal(world, **fields)
        field = "threshold" if method == "qualified" else "method"
        assert "majority of 2/3" in error.value.message_dict[field][0]


def lower(world, key: str, value, **fields):
    return {
        "effects_": [{"kind": "set_rule", "params": {"key": key, "value": value}}],
        **fields,
    }


def test_lowering_a_floor_needs_the_floor_it_lowers(world):
    """Changing a floor of the charter takes the charter's floors (a week of notice,
    two thirds), not only those of a rule change (a day, a simple majority)."""
    key = rules.floor_key("charter", "quorum")
    with pytest.raises(ValidationError) as error:
        services.proposal_create(
            by=world.owner,
            multifactory=world.multifactory,
            title="A lower quorum for the charter",
            method="majority",
            closes_at=timezone.now() + timedelta(days=10),
            open_now=True,
            **lower(world, key, "10"),
        )
    refused = error.value.message_dict
    assert (
        "Minimum notice before voting opens to amend the charter"
        in (refused["open_now"][0])
    )
    assert "Minimum majority to amend the charter" in refused["method"][0]
    # Meeting the charter's floors, the change is proposed.
    proposal = open_proposal(
        world, **lower(world, key, "10", method="qualified", threshold="2/3")
    )
    assert proposal.state == ProposalState.OPEN


def test_a_floor_changes_by_decision_and_then_applies(world, applicant):
    key = rules.floor_key(rules.GENERAL, "quorum")
    proposal = open_proposal(world, **lower(world, key, "20"))
    for person, company in [
        (world.owner, world.company),
        (world.founder, world.neighbour),
    ]:
        services.ballot_cast(
            by=person, proposal=proposal, organization=company, choice={"vote": "yes"}
        )
    services.proposal_close(by=world.owner, proposal=proposal)
    assert rules.value(world.multifactory, key) == 20
    effects_ = [{"kind": "admit_company", "params": {"organization": applicant.pk}}]
    assert (
        open_proposal(world, quorum_percent=20, effects_=effects_).quorum_percent == 20
    )


@pytest.mark.parametrize("value", ["0", "1/3", "abc", "1e9999999", "2/1"])
def test_a_majority_floor_below_one_half_is_not_a_rule(world, value):
    with pytest.raises(ValidationError):
        rules.clean(rules.floor_key(rules.GENERAL, "majority"), value)


def test_a_proposal_without_effects_has_no_floors(world):
    proposal = open_proposal(
        world, quorum_percent=0, closes_at=timezone.now() + timedelta(minutes=5)
    )
    assert proposal.state == ProposalState.OPEN


def test_an_assembly_vote_keeps_the_quorum_and_majority_floors(world):
    with pytest.raises(ValidationError) as error:
        open_proposal(
            world,
            in_assembly=True,
            closes_at=None,
            quorum_percent=10,
            effects_=keys_to_myself(world),
        )
    assert set(error.value.message_dict) == {"quorum_percent"}


def test_opening_by_hand_too_late_for_the_voting_period_is_refused(world):
    now = timezone.now()
    proposal = services.proposal_create(
        by=world.owner,
        multifactory=world.multifactory,
        title="Keys",
        method="majority",
        closes_at=now + timedelta(days=5),
        effects_=keys_to_myself(world),
        now=now,
    )
    with pytest.raises(ValidationError) as error:
        services.proposal_open(
            by=world.owner, proposal=proposal, now=now + timedelta(days=4)
        )
    assert "too late to open" in error.value.messages[0]


def test_a_proposal_made_before_the_floors_is_counted_with_the_floor(world, companies):
    """A proposal already in the database with quorum 0 (made before this rule) is
    counted with the quorum floor in force when it closes: no effect with one ballot
    of six."""
    proposal = open_proposal(world, effects_=keys_to_myself(world))
    type(proposal).objects.filter(pk=proposal.pk).update(quorum_percent=0)
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    services.proposals_tick(now=proposal.closes_at)
    proposal.refresh_from_db()
    assert proposal.decision.outcome == "no_quorum"
    assert not Mandate.objects.filter(kind="keys_keeper").exists()


def test_through_the_api_an_opening_time_after_the_notice_is_accepted(world):
    """open_now defaults to true in the API: a later opens_at wins over it."""
    now = timezone.now()
    response = ApiClient(world.owner).post(
        f"{MF}/proposals",
        {
            "title": "Olga keeps the keys",
            "method": "majority",
            "opens_at": (now + timedelta(hours=25)).isoformat(),
            "closes_at": (now + timedelta(hours=25 + 72)).isoformat(),
            "effects": keys_to_myself(world),
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "draft"
    assert response.json()["quorum_percent"] == 50


def test_without_a_notice_floor_an_opening_time_already_past_is_fine(world, applicant):
    now = timezone.now()
    proposal = services.proposal_create(
        by=world.owner,
        multifactory=world.multifactory,
        title="Admit Tessitura Tre",
        method="majority",
        opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(days=3),
        effects_=[{"kind": "admit_company", "params": {"organization": applicant.pk}}],
        now=now,
    )
    services.proposals_tick(now=now)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.OPEN
