"""Every voting method, with its ties, blocks, quorum edges and abstention rules."""

from fractions import Fraction

import pytest

from multifactory.governance import tally as t


def yes_no(yes=0, no=0, abstain=0):
    return (
        [{"vote": "yes"}] * yes
        + [{"vote": "no"}] * no
        + [{"vote": "abstain"}] * abstain
    )


def test_quorum_is_met_exactly_at_the_threshold():
    rules = t.Rules(method=t.MAJORITY, electorate=10, quorum_percent=50)
    assert t.tally(rules, yes_no(yes=3, no=2)).quorum_met
    assert t.tally(rules, yes_no(yes=3, no=1)).outcome == t.NO_QUORUM


def test_quorum_counts_ballots_over_the_electorate_not_voters_over_voters():
    rules = t.Rules(method=t.MAJORITY, electorate=3, quorum_percent=67)
    # 2 of 3 companies is 66.7 %, under 67 %.
    assert t.tally(rules, yes_no(yes=2)).outcome == t.NO_QUORUM
    assert t.quorum_met(counted=2, electorate=3, quorum_percent=66)


def test_zero_quorum_needs_no_ballot():
    rules = t.Rules(method=t.MAJORITY, electorate=5, quorum_percent=0)
    result = t.tally(rules, [])
    assert result.quorum_met and result.outcome == t.REJECTED


def test_simple_majority_adopts_with_more_than_half():
    rules = t.Rules(method=t.MAJORITY, electorate=5)
    assert t.tally(rules, yes_no(yes=3, no=2)).outcome == t.ADOPTED


def test_simple_majority_tie_keeps_the_status_quo():
    rules = t.Rules(method=t.MAJORITY, electorate=4)
    result = t.tally(rules, yes_no(yes=2, no=2))
    assert result.outcome == t.REJECTED
    assert result.tie_break == "tie_rejects"


def test_abstentions_count_toward_quorum_only_by_default():
    rules = t.Rules(method=t.MAJORITY, electorate=10, quorum_percent=50)
    result = t.tally(rules, yes_no(yes=2, no=1, abstain=2))
    assert result.quorum_met and result.outcome == t.ADOPTED
    assert result.counts["base"] == 3


def test_abstentions_as_no_weigh_against():
    rules = t.Rules(method=t.MAJORITY, electorate=10, abstention_rule=t.AS_NO)
    assert t.tally(rules, yes_no(yes=2, no=1, abstain=2)).outcome == t.REJECTED


def test_ignored_abstentions_do_not_make_quorum():
    rules = t.Rules(
        method=t.MAJORITY, electorate=10, quorum_percent=50, abstention_rule=t.IGNORED
    )
    result = t.tally(rules, yes_no(yes=3, no=1, abstain=3))
    assert result.counted == 4
    assert result.outcome == t.NO_QUORUM


def test_qualified_majority_over_votes_cast_is_met_exactly_at_two_thirds():
    rules = t.Rules(method=t.QUALIFIED, electorate=9, threshold=Fraction(2, 3))
    assert t.tally(rules, yes_no(yes=4, no=2)).outcome == t.ADOPTED
    assert t.tally(rules, yes_no(yes=3, no=2)).outcome == t.REJECTED


def test_qualified_majority_over_the_electorate_counts_silence_against():
    rules = t.Rules(
        method=t.QUALIFIED,
        electorate=9,
        threshold=Fraction(2, 3),
        threshold_base=t.ELECTORATE,
    )
    assert t.tally(rules, yes_no(yes=5)).outcome == t.REJECTED
    assert t.tally(rules, yes_no(yes=6)).outcome == t.ADOPTED


def test_consent_passes_without_objections():
    rules = t.Rules(method=t.CONSENT, electorate=3)
    ballots = [{"vote": "consent"}, {"vote": "consent"}, {"vote": "abstain"}]
    assert t.tally(rules, ballots).outcome == t.ADOPTED


def test_one_objection_sends_a_consent_proposal_back():
    rules = t.Rules(method=t.CONSENT, electorate=3)
    ballots = [{"vote": "consent"}, {"vote": "object"}]
    assert t.tally(rules, ballots).outcome == t.REJECTED


def test_one_block_stops_a_consent_proposal_and_keeps_its_reason():
    rules = t.Rules(method=t.CONSENT, electorate=3)
    ballots = [{"vote": "consent"}] * 2 + [{"vote": "block", "reason": "unsafe"}]
    result = t.tally(rules, ballots)
    assert result.outcome == t.BLOCKED
    assert result.counts["block_reasons"] == ["unsafe"]


def test_a_block_without_a_reason_is_refused():
    with pytest.raises(t.InvalidBallot) as error:
        t.clean_ballot(t.CONSENT, [], {"vote": "block", "reason": "  "})
    assert error.value.code == "block_without_reason"
    with pytest.raises(t.InvalidBallot):
        t.clean_ballot(t.CONSENSUS, [], {"vote": "block"})


def test_consensus_passes_with_agreement_and_stand_asides():
    rules = t.Rules(method=t.CONSENSUS, electorate=3)
    ballots = [{"vote": "agree"}, {"vote": "stand_aside"}, {"vote": "agree"}]
    result = t.tally(rules, ballots)
    assert result.outcome == t.ADOPTED
    assert result.counts["stand_aside"] == 1


def test_consensus_is_blocked_by_one_block():
    rules = t.Rules(method=t.CONSENSUS, electorate=2)
    ballots = [{"vote": "agree"}, {"vote": "block", "reason": "not ready"}]
    assert t.tally(rules, ballots).outcome == t.BLOCKED


def test_consensus_of_stand_asides_only_is_not_adopted():
    rules = t.Rules(method=t.CONSENSUS, electorate=2)
    ballots = [{"vote": "stand_aside"}] * 2
    assert t.tally(rules, ballots).outcome == t.REJECTED


ABC = ("a", "b", "c")


def ranked(*rankings):
    return [{"ranking": list(r)} for r in rankings]


def test_irv_transfers_votes_of_the_eliminated_option():
    rules = t.Rules(method=t.IRV, options=ABC, electorate=5)
    ballots = ranked("abc", "abc", "bca", "bca", "cba")
    result = t.tally(rules, ballots)
    assert result.winner == "b"
    assert result.rounds[0]["eliminated"] == "c"


def test_irv_elimination_tie_goes_to_fewest_first_preferences_then_last_listed():
    rules = t.Rules(method=t.IRV, options=("a", "b", "c", "d"), electorate=10)
    # c and d tie on 1 each in round one → both have 1 first preference → the last
    # listed (d) is eliminated; its vote goes to c; then b (1) falls out.
    ballots = ranked("a", "a", "b", "cb", "dc")
    result = t.tally(rules, ballots)
    assert result.rounds[0]["eliminated"] == "d"
    assert "elimination_by_option_order" in result.tie_break


def test_irv_with_exhausted_ballots_needs_a_majority_of_the_rest():
    rules = t.Rules(method=t.IRV, options=ABC, electorate=5)
    ballots = ranked("a", "a", "b", "b", "c")
    result = t.tally(rules, ballots)
    # c out; its ballot is exhausted; a and b tie 2–2 → b (listed later) out.
    assert result.winner == "a"


def test_schulze_finds_the_condorcet_winner():
    rules = t.Rules(method=t.SCHULZE, options=ABC, electorate=5)
    ballots = ranked("bac", "bac", "cab", "cab", "abc")
    # a beats b 3–2 and c 3–2: a is the Condorcet winner, though IRV would drop it.
    assert t.tally(rules, ballots).winner == "a"
    assert (
        t.tally(t.Rules(method=t.IRV, options=ABC, electorate=5), ballots).winner != "a"
    )


def test_schulze_tie_goes_to_most_first_preferences_then_option_order():
    rules = t.Rules(method=t.SCHULZE, options=ABC, electorate=3)
    ballots = ranked("abc", "bca", "cab")
    result = t.tally(rules, ballots)
    assert result.counts["schulze_winners"] == ["a", "b", "c"]
    assert result.winner == "a"
    assert result.tie_break == "option_order"


def test_an_empty_ranking_is_an_abstention():
    rules = t.Rules(method=t.SCHULZE, options=ABC, electorate=2, quorum_percent=100)
    result = t.tally(rules, ranked("", ""))
    assert result.quorum_met and result.outcome == t.NO_WINNER


def test_score_picks_the_highest_total_and_breaks_ties_on_top_scores():
    rules = t.Rules(method=t.SCORE, options=ABC, electorate=2)
    ballots = [{"scores": {"a": 5, "b": 3}}, {"scores": {"a": 0, "b": 2, "c": 1}}]
    result = t.tally(rules, ballots)
    assert result.counts["totals"] == {"a": 5, "b": 5, "c": 1}
    assert result.winner == "a"
    assert result.tie_break == "most_5s"


def test_score_out_of_range_is_refused():
    with pytest.raises(t.InvalidBallot):
        t.clean_ballot(t.SCORE, ABC, {"scores": {"a": 6}})


def test_approval_tie_goes_to_the_option_listed_first():
    rules = t.Rules(method=t.APPROVAL, options=ABC, electorate=2)
    ballots = [{"approved": ["b", "c"]}, {"approved": ["c", "b"]}]
    result = t.tally(rules, ballots)
    assert result.winner == "b"
    assert result.tie_break == "option_order"


def test_time_poll_prefers_yes_then_maybe():
    rules = t.Rules(method=t.TIME_POLL, options=("mon", "tue"), electorate=3)
    ballots = [
        {"availability": {"mon": "yes", "tue": "yes"}},
        {"availability": {"mon": "no", "tue": "maybe"}},
        {"availability": {"mon": "yes", "tue": "no"}},
    ]
    result = t.tally(rules, ballots)
    assert result.winner == "mon"
    ballots[2] = {"availability": {"mon": "maybe", "tue": "yes"}}
    assert t.tally(rules, ballots).winner == "tue"


def test_unknown_options_are_refused():
    with pytest.raises(t.InvalidBallot) as error:
        t.clean_ballot(t.IRV, ABC, {"ranking": ["a", "z"]})
    assert error.value.code == "unknown_option"


def test_the_order_of_ballots_does_not_change_the_result():
    rules = t.Rules(method=t.IRV, options=ABC, electorate=6)
    ballots = ranked("abc", "bca", "cab", "bac", "cba", "acb")
    assert t.tally(rules, ballots).as_dict() == t.tally(rules, ballots[::-1]).as_dict()


def test_no_quorum_never_names_a_winner():
    rules = t.Rules(method=t.APPROVAL, options=ABC, electorate=10, quorum_percent=50)
    result = t.tally(rules, [{"approved": ["a"]}])
    assert result.outcome == t.NO_QUORUM and result.winner is None
