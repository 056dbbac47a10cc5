"""Properties of the tally on generated ballots (Hypothesis): what must hold for every
electorate and every set of ballots, not only for the examples of test_tally.py.

The number of examples comes from the Hypothesis profile (conftest.py): fewer and
repeatable in CI, more locally, HYPOTHESIS_PROFILE=thorough for a long run."""

from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from multifactory.governance import tally as t

OPTIONS = ("a", "b", "c", "d", "e")


def binary_ballot(method: str):
    return st.sampled_from(t.VOTE_CHOICES[method]).map(
        lambda vote: (
            {"vote": vote, "reason": "not safe"} if vote == "block" else {"vote": vote}
        )
    )


@st.composite
def options(draw, min_size=2):
    return tuple(
        draw(
            st.lists(
                st.sampled_from(OPTIONS), min_size=min_size, max_size=5, unique=True
            )
        )
    )


@st.composite
def ranked(draw, *, complete=False):
    """(options, ballots) for IRV or Schulze; partial or empty rankings unless
    `complete` (every ballot ranks every option)."""
    keys = draw(options())
    if complete:
        ranking = st.permutations(keys).map(list)
    else:
        ranking = st.permutations(keys).flatmap(
            lambda order: st.integers(0, len(order)).map(lambda n: list(order[:n]))
        )
    ballots = draw(st.lists(ranking.map(lambda r: {"ranking": r}), max_size=30))
    return keys, ballots


@st.composite
def any_method_and_ballots(draw, methods=t.METHODS):
    method = draw(st.sampled_from(methods))
    keys = draw(options()) if method in t.OPTION_METHODS else ()
    if method in t.VOTE_CHOICES:
        ballot = binary_ballot(method)
    elif method in (t.IRV, t.SCHULZE):
        ballot = st.permutations(keys).flatmap(
            lambda order: st.integers(0, len(order)).map(
                lambda n: {"ranking": list(order[:n])}
            )
        )
    elif method == t.SCORE:
        ballot = st.dictionaries(
            st.sampled_from(keys), st.integers(0, t.MAX_SCORE)
        ).map(lambda scores: {"scores": scores})
    elif method == t.APPROVAL:
        ballot = st.lists(st.sampled_from(keys), unique=True).map(
            lambda approved: {"approved": approved}
        )
    else:
        ballot = st.dictionaries(
            st.sampled_from(keys), st.sampled_from(t.AVAILABILITY)
        ).map(lambda availability: {"availability": availability})
    ballots = [
        t.clean_ballot(method, keys, b) for b in draw(st.lists(ballot, max_size=25))
    ]
    rules = t.Rules(
        method=method,
        options=keys,
        electorate=draw(st.integers(len(ballots), len(ballots) + 10)),
        quorum_percent=draw(st.integers(0, 100)),
        threshold=draw(st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(1)])),
        threshold_base=draw(st.sampled_from(t.THRESHOLD_BASES)),
        abstention_rule=draw(st.sampled_from(t.ABSTENTION_RULES)),
    )
    return rules, ballots


def binary_rules(method: str, **fields) -> t.Rules:
    return t.Rules(method=method, electorate=fields.pop("electorate", 40), **fields)


@given(any_method_and_ballots(), st.randoms(use_true_random=False))
def test_every_method_gives_the_same_result_whatever_the_order_of_the_ballots(
    case, random
):
    rules, ballots = case
    shuffled = list(ballots)
    random.shuffle(shuffled)
    assert t.tally(rules, shuffled).as_dict() == t.tally(rules, ballots).as_dict()


@given(any_method_and_ballots())
def test_without_quorum_there_is_no_outcome_and_no_winner(case):
    rules, ballots = case
    result = t.tally(rules, ballots)
    assert result.quorum_met == (
        result.counted * 100 >= rules.quorum_percent * rules.electorate
    )
    if not result.quorum_met:
        assert result.outcome == t.NO_QUORUM
        assert result.winner is None
    else:
        assert result.outcome != t.NO_QUORUM


@given(any_method_and_ballots())
def test_a_winner_is_always_one_of_the_options(case):
    rules, ballots = case
    result = t.tally(rules, ballots)
    assert result.winner is None or result.winner in rules.options
    assert (result.winner is not None) == (
        rules.method in t.OPTION_METHODS and result.outcome == t.ADOPTED
    )


@given(
    st.lists(binary_ballot(t.MAJORITY), max_size=40),
    st.sampled_from(t.ABSTENTION_RULES),
)
def test_a_simple_majority_passes_exactly_with_more_yes_than_half_the_base(
    ballots, abstention_rule
):
    rules = binary_rules(t.MAJORITY, abstention_rule=abstention_rule)
    result = t.tally(rules, ballots)
    votes = [b["vote"] for b in ballots]
    yes, no, abstain = (votes.count(v) for v in ("yes", "no", "abstain"))
    base = yes + no + (abstain if abstention_rule == t.AS_NO else 0)
    assert result.adopted == (base > 0 and 2 * yes > base)
    # A majority for a motion is never also a majority against it.
    flipped = [{"vote": {"yes": "no", "no": "yes"}.get(v, v)} for v in votes]
    assert not (result.adopted and t.tally(rules, flipped).adopted)


@given(st.lists(binary_ballot(t.MAJORITY), max_size=40))
def test_one_more_yes_never_turns_an_adopted_motion_down(ballots):
    rules = binary_rules(t.MAJORITY, electorate=41)
    if t.tally(rules, ballots).adopted:
        assert t.tally(rules, [*ballots, {"vote": "yes"}]).adopted


@given(
    st.lists(binary_ballot(t.QUALIFIED), max_size=40),
    st.sampled_from([Fraction(1, 2), Fraction(3, 5), Fraction(2, 3), Fraction(1)]),
    st.sampled_from(t.THRESHOLD_BASES),
)
def test_a_qualified_majority_reaches_its_threshold_of_its_base(
    ballots, threshold, threshold_base
):
    rules = binary_rules(
        t.QUALIFIED, threshold=threshold, threshold_base=threshold_base
    )
    result = t.tally(rules, ballots)
    yes = sum(b["vote"] == "yes" for b in ballots)
    base = result.counts["base"]
    if threshold_base == t.ELECTORATE:
        assert base == rules.electorate
    assert result.adopted == (base > 0 and Fraction(yes) >= threshold * base)


@given(
    st.sampled_from([t.CONSENT, t.CONSENSUS]).flatmap(
        lambda method: st.tuples(
            st.just(method), st.lists(binary_ballot(method), max_size=30)
        )
    ),
    st.integers(0, 100),
)
def test_consent_or_consensus_with_a_block_never_passes(case, quorum_percent):
    method, ballots = case
    ballots = [*ballots, {"vote": "block", "reason": "unsafe for the neighbours"}]
    result = t.tally(binary_rules(method, quorum_percent=quorum_percent), ballots)
    assert not result.adopted
    assert result.outcome in (t.BLOCKED, t.NO_QUORUM)
    if result.quorum_met:
        assert "unsafe for the neighbours" in result.counts["block_reasons"]


@given(st.data())
def test_irv_elects_an_option_a_majority_ranks_first(data):
    keys = data.draw(options())
    leader = data.draw(st.sampled_from(keys))
    rest = [k for k in keys if k != leader]
    others = data.draw(st.lists(st.permutations(keys), max_size=12))
    majority = data.draw(
        st.lists(st.permutations(rest), min_size=len(others) + 1, max_size=25)
    )
    ballots = [{"ranking": list(r)} for r in others] + [
        {"ranking": [leader, *r]} for r in majority
    ]
    result = t.tally(t.Rules(method=t.IRV, options=keys), ballots)
    assert result.winner == leader
    assert len(result.rounds) == 1


@given(st.data())
def test_irv_never_elects_the_option_every_ballot_ranks_last(data):
    keys = data.draw(options())
    last = data.draw(st.sampled_from(keys))
    rest = [k for k in keys if k != last]
    ballots = [
        {"ranking": [*r, last]}
        for r in data.draw(st.lists(st.permutations(rest), min_size=1, max_size=25))
    ]
    assert t.tally(t.Rules(method=t.IRV, options=keys), ballots).winner != last


@given(ranked())
def test_irv_rounds_count_each_active_ballot_once_and_lose_one_option_each(case):
    keys, ballots = case
    winner, rounds, _tie = t.irv_rounds(keys, [b["ranking"] for b in ballots])
    for number, round_ in enumerate(rounds):
        assert sum(round_["counts"].values()) == round_["active"]
        assert len(round_["counts"]) == len(keys) - number
    if winner is None:
        assert not any(b["ranking"] for b in ballots)


def condorcet_winner(keys, ballots):
    d = t.pairwise(keys, [b["ranking"] for b in ballots])
    return next(
        (a for a in keys if all(d[a][b] > d[b][a] for b in keys if b != a)), None
    )


@given(ranked())
def test_schulze_elects_the_condorcet_winner_alone_when_there_is_one(case):
    keys, ballots = case
    champion = condorcet_winner(keys, ballots)
    assume(champion is not None)
    winners, _d = t.schulze_winners(keys, [b["ranking"] for b in ballots])
    assert winners == [champion]
    assert t.tally(t.Rules(method=t.SCHULZE, options=keys), ballots).winner == champion


@given(ranked())
def test_schulze_always_has_a_winner_when_someone_ranked(case):
    keys, ballots = case
    winners, d = t.schulze_winners(keys, [b["ranking"] for b in ballots])
    assert winners
    assert set(winners) <= set(keys)
    # The pairwise matrix counts every ballot at most once per pair.
    for a in keys:
        for b in keys:
            if a != b:
                assert d[a][b] + d[b][a] <= len(ballots)
    result = t.tally(t.Rules(method=t.SCHULZE, options=keys), ballots)
    assert (result.winner is None) == (not any(b["ranking"] for b in ballots))
    if result.winner is not None:
        assert result.winner in winners


@given(any_method_and_ballots(methods=(t.SCORE, t.APPROVAL)))
def test_score_and_approval_elect_an_option_with_the_highest_total(case):
    rules, ballots = case
    result = t.tally(rules, ballots)
    assume(result.winner is not None)
    totals = result.counts["totals" if rules.method == t.SCORE else "approvals"]
    assert totals[result.winner] == max(totals.values())
