from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from multifactory.audit.models import AuditEvent
from multifactory.community import services as community
from multifactory.governance import access, effects, rules, services
from multifactory.governance.models import (
    Ballot,
    BallotRevision,
    CharterVersion,
    Decision,
    Rule,
    SecretChoice,
    SpendingApproval,
)
from multifactory.governance.tests.conftest import open_proposal
from multifactory.notifications.models import Notification


def test_the_electorate_is_fixed_when_voting_opens(world, applicant):
    proposal = open_proposal(world)
    assert proposal.electorate_size == 2
    community.organization_set_status(
        by=world.founder, organization=applicant, status="member"
    )
    proposal.refresh_from_db()
    assert proposal.electorate_size == 2
    with pytest.raises(ValidationError) as error:
        community.membership_add(
            by=world.founder,
            organization=applicant,
            person=world.outsider,
            role="representative",
        )
        services.ballot_cast(
            by=world.outsider,
            proposal=proposal,
            organization=applicant,
            choice={"vote": "yes"},
        )
    assert "was not a member company when voting opened" in str(error.value)


def test_representatives_of_the_electorate_are_told_a_proposal_is_open(world):
    open_proposal(world)
    assert Notification.objects.filter(
        person=world.owner, kind="governance_proposal_open"
    ).exists()
    assert not Notification.objects.filter(person=world.member).exists()


def test_a_plain_member_cannot_propose(world):
    with pytest.raises(PermissionDenied):
        open_proposal(world, by=world.member)


def test_an_outsider_cannot_see_a_proposal(world):
    proposal = open_proposal(world)
    with pytest.raises(PermissionDenied):
        access.proposal_get_for_member(world.outsider, world.multifactory, proposal.pk)
    with pytest.raises(PermissionDenied):
        access.proposal_get_for_member(world.other, world.multifactory, proposal.pk)


def two_reps_of_one_company_vote(world, second_rep, proposal) -> None:
    """The owner votes yes for world.company, then its second representative no."""
    for person, vote in [(world.owner, "yes"), (second_rep, "no")]:
        services.ballot_cast(
            by=person,
            proposal=proposal,
            organization=world.company,
            choice={"vote": vote},
        )


def test_a_representative_casts_one_ballot_and_can_change_it(world, second_rep):
    proposal = open_proposal(world)
    two_reps_of_one_company_vote(world, second_rep, proposal)
    ballot = Ballot.objects.get(proposal=proposal)
    assert ballot.choice == {"vote": "no"}
    assert ballot.cast_by == second_rep
    assert ballot.revisions == 2
    history = list(BallotRevision.objects.filter(proposal=proposal))
    assert [r.choice["vote"] for r in history] == ["yes", "no"]
    assert [r.cast_by for r in history] == [world.owner, second_rep]
    assert AuditEvent.objects.filter(action="ballot.changed").count() == 1


def test_it_refuses_a_vote_for_a_company_you_do_not_represent(world):
    proposal = open_proposal(world)
    with pytest.raises(PermissionDenied) as error:
        services.ballot_cast(
            by=world.owner,
            proposal=proposal,
            organization=world.neighbour,
            choice={"vote": "yes"},
        )
    assert str(error.value) == str(
        services.NOT_YOUR_COMPANY % {"company": world.neighbour}
    )
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            by=world.member,
            proposal=proposal,
            organization=world.company,
            choice={"vote": "yes"},
        )


def test_it_refuses_a_vote_after_the_window(world):
    proposal = open_proposal(world)
    later = proposal.closes_at + timedelta(seconds=1)
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            by=world.owner,
            proposal=proposal,
            organization=world.company,
            choice={"vote": "yes"},
            now=later,
        )
    assert error.value.messages == [str(services.VOTING_CLOSED)]


def test_it_refuses_a_vote_before_the_window(world):
    proposal = open_proposal(world, open_now=False)
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            by=world.owner,
            proposal=proposal,
            organization=world.company,
            choice={"vote": "yes"},
        )
    assert error.value.messages == [str(services.NOT_YET_OPEN)]


def test_it_refuses_a_block_without_a_reason(world):
    proposal = open_proposal(world, method="consent")
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            by=world.owner,
            proposal=proposal,
            organization=world.company,
            choice={"vote": "block", "reason": ""},
        )
    assert error.value.messages == [str(services.BALLOT_ERRORS["block_without_reason"])]


def vote(world, proposal, owner_vote, founder_vote):
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice=owner_vote,
    )
    services.ballot_cast(
        by=world.founder,
        proposal=proposal,
        organization=world.neighbour,
        choice=founder_vote,
    )


def test_closing_records_a_numbered_decision_and_admits_the_company(world, applicant):
    proposal = open_proposal(
        world,
        title="Admit Tessitura Tre",
        effects_=[{"kind": "admit_company", "params": {"organization": applicant.pk}}],
    )
    vote(world, proposal, {"vote": "yes"}, {"vote": "yes"})
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    year = timezone.localdate().year
    assert decision.number == f"{year}/001"
    assert decision.outcome == "adopted"
    applicant.refresh_from_db()
    assert applicant.status == "member"
    event = AuditEvent.objects.get(action="organization.status_changed")
    assert event.decision_reference == decision.number
    assert event.actor == world.founder
    assert proposal.effects.get().executed_at is not None
    assert Notification.objects.filter(
        person=world.owner, kind="governance_proposal_result"
    ).exists()


def test_decision_numbers_follow_each_other_within_the_year(world):
    numbers = []
    for title in ["One", "Two"]:
        proposal = open_proposal(world, title=title, quorum_percent=0)
        numbers.append(
            services.proposal_close(by=world.founder, proposal=proposal).number
        )
    year = timezone.localdate().year
    assert numbers == [f"{year}/001", f"{year}/002"]


def test_a_rejected_proposal_executes_no_effect(world, applicant):
    proposal = open_proposal(
        world,
        effects_=[{"kind": "admit_company", "params": {"organization": applicant.pk}}],
    )
    vote(world, proposal, {"vote": "no"}, {"vote": "yes"})
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    assert decision.outcome == "rejected"  # a 1–1 tie keeps the status quo
    applicant.refresh_from_db()
    assert applicant.status == "applicant"


def test_it_refuses_an_effect_that_no_longer_applies(world, applicant):
    proposal = open_proposal(
        world,
        effects_=[{"kind": "admit_company", "params": {"organization": applicant.pk}}],
    )
    vote(world, proposal, {"vote": "yes"}, {"vote": "yes"})
    community.organization_set_status(
        by=world.founder, organization=applicant, status="member"
    )
    with pytest.raises(ValidationError) as error:
        services.proposal_close(by=world.founder, proposal=proposal)
    assert "no longer applies" in error.value.messages[0]
    assert not Decision.objects.exists()
    proposal.refresh_from_db()
    assert proposal.state == "open"


def test_it_refuses_an_effect_that_does_not_apply_when_proposing(world, applicant):
    community.organization_set_status(
        by=world.founder, organization=applicant, status="member"
    )
    with pytest.raises(ValidationError):
        open_proposal(
            world,
            effects_=[
                {"kind": "admit_company", "params": {"organization": applicant.pk}}
            ],
        )


def test_effects_need_a_yes_no_method(world, applicant):
    with pytest.raises(ValidationError) as error:
        open_proposal(
            world,
            method="approval",
            options=["a", "b"],
            effects_=[
                {"kind": "admit_company", "params": {"organization": applicant.pk}}
            ],
        )
    assert "effects" in error.value.message_dict


def test_only_a_facilitator_closes_early(world):
    proposal = open_proposal(world)
    with pytest.raises(PermissionDenied):
        services.proposal_close(by=world.member, proposal=proposal)
    # The proposer may close once every company has voted.
    with pytest.raises(PermissionDenied):
        services.proposal_close(by=world.owner, proposal=proposal)
    vote(world, proposal, {"vote": "yes"}, {"vote": "yes"})
    assert services.proposal_close(by=world.owner, proposal=proposal).is_adopted


def test_the_scheduler_closes_a_proposal_whose_window_ended(world):
    proposal = open_proposal(world, quorum_percent=0)
    with pytest.raises(ValidationError):
        services.proposal_close(by=None, proposal=proposal)
    done = services.proposals_tick(now=proposal.closes_at + timedelta(minutes=1))
    assert done["closed"] == 1
    assert Decision.objects.get().closed_by is None


def test_the_scheduler_reminds_companies_that_have_not_voted(world):
    proposal = open_proposal(world)
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    services.proposals_tick(now=proposal.closes_at - timedelta(hours=2))
    reminded = Notification.objects.filter(kind="governance_proposal_closing")
    assert [n.person for n in reminded] == [world.founder]
    services.proposals_tick(now=proposal.closes_at - timedelta(hours=1))
    assert reminded.count() == 1


def test_decisions_are_immutable(world):
    proposal = open_proposal(world, quorum_percent=0)
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    decision.title = "Something else"
    with pytest.raises(ValidationError):
        decision.save()


def test_a_later_decision_amends_an_earlier_one(world):
    first = services.proposal_close(
        by=world.founder, proposal=open_proposal(world, quorum_percent=0)
    )
    proposal = open_proposal(world, title="Amend", amends=first)
    vote(world, proposal, {"vote": "yes"}, {"vote": "yes"})
    second = services.proposal_close(by=world.founder, proposal=proposal)
    assert second.amends == first
    assert list(first.amended_by.all()) == [second]


def test_a_rule_is_set_by_decision_and_old_values_are_kept(world):
    assert rules.value(world.multifactory, rules.PROXY_LIMIT) == 2
    for value in ["3", "4"]:
        proposal = open_proposal(
            world,
            effects_=[
                {
                    "kind": "set_rule",
                    "params": {"key": rules.PROXY_LIMIT, "value": value},
                }
            ],
        )
        vote(world, proposal, {"vote": "yes"}, {"vote": "yes"})
        decision = services.proposal_close(by=world.founder, proposal=proposal)
    assert rules.value(world.multifactory, rules.PROXY_LIMIT) == 4
    assert Rule.objects.filter(multifactory=world.multifactory).count() == 2
    current = Rule.objects.get(superseded_at__isnull=True)
    assert current.decision == decision
    assert AuditEvent.objects.filter(
        action="rule.set", decision_reference=decision.number
    ).exists()


def test_a_rule_value_out_of_range_is_refused_at_proposal_time(world):
    with pytest.raises(ValidationError):
        open_proposal(
            world,
            effects_=[
                {
                    "kind": "set_rule",
                    "params": {"key": rules.PROXY_LIMIT, "value": "99"},
                }
            ],
        )


def test_charter_spending_mandate_and_call_effects_execute(world):
    proposal = open_proposal(
        world,
        effects_=[
            {"kind": "amend_charter", "params": {"text": "# Charter\nWe make things."}},
            {
                "kind": "approve_spending",
                "params": {"description": "Roof repair", "amount": 125000},
            },
            {
                "kind": "grant_mandate",
                "params": {"person": world.member.pk, "kind": "treasurer"},
            },
            {"kind": "take_part_in_call", "params": {"title": "Green Mantua 2027"}},
        ],
    )
    vote(world, proposal, {"vote": "yes"}, {"vote": "yes"})
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    assert CharterVersion.objects.get().decision == decision
    spending = SpendingApproval.objects.get()
    assert (spending.amount, spending.currency) == (125000, "EUR")
    mandate = world.member.mandates.get(kind="treasurer")
    assert mandate.decision_reference == decision.number
    assert mandate.basis == "decision"
    assert AuditEvent.objects.filter(
        action="call.joined", decision_reference=decision.number
    ).exists()


def test_an_unknown_effect_is_refused(world):
    with pytest.raises(ValidationError):
        open_proposal(world, effects_=[{"kind": "paint_the_moon", "params": {}}])


def test_other_capabilities_register_their_own_effects(world, monkeypatch):
    ran = []
    monkeypatch.setitem(
        effects.REGISTRY,
        "test.ping",
        effects.EffectType(
            code="test.ping",
            label="Ping",
            validate=lambda mf, params: {"n": int(params["n"])},
            execute=lambda context: ran.append(
                (context.decision.number, context.params)
            ),
            describe=lambda mf, params: "ping",
        ),
    )
    proposal = open_proposal(
        world, quorum_percent=0, effects_=[{"kind": "test.ping", "params": {"n": "3"}}]
    )
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    assert ran == [(decision.number, {"n": 3})]


def test_a_secret_ballot_does_not_link_choices_to_companies(world, second_rep):
    proposal = open_proposal(world, secret_ballot=True)
    two_reps_of_one_company_vote(world, second_rep, proposal)
    ballot = Ballot.objects.get(proposal=proposal)
    assert ballot.choice is None
    assert SecretChoice.objects.get(proposal=proposal).choice == {"vote": "no"}
    assert not BallotRevision.objects.filter(proposal=proposal).exists()
    assert not AuditEvent.objects.filter(action__startswith="ballot.cast").exists()
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    assert decision.figures["counts"]["no"] == 1


def test_no_quorum_means_no_effect(world, applicant):
    proposal = open_proposal(
        world,
        quorum_percent=100,
        effects_=[{"kind": "admit_company", "params": {"organization": applicant.pk}}],
    )
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    assert decision.outcome == "no_quorum"
    applicant.refresh_from_db()
    assert applicant.status == "applicant"


def test_an_option_vote_records_the_winner(world):
    proposal = open_proposal(world, method="irv", options=["Kitchen", "Garden", "Roof"])
    vote(world, proposal, {"ranking": ["2", "1"]}, {"ranking": ["2", "3"]})
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    assert decision.winner == "Garden"


def test_withdrawn_proposals_cannot_be_voted(world):
    proposal = open_proposal(world)
    services.proposal_withdraw(by=world.owner, proposal=proposal)
    with pytest.raises(ValidationError):
        services.ballot_cast(
            by=world.owner,
            proposal=proposal,
            organization=world.company,
            choice={"vote": "yes"},
        )


def test_hidden_results_do_not_leak_through_the_audit_trail(world):
    proposal = open_proposal(world, results_hidden=True)
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "no"},
    )
    assert AuditEvent.objects.get(action="ballot.cast").changes == {}
