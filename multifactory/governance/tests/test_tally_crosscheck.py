"""IRV and Schulze checked against an independent implementation (pref_voting)."""

import random

from pref_voting.iterative_methods import instant_runoff_put
from pref_voting.margin_based_methods import beat_path
from pref_voting.profiles import Profile

from multifactory.governance import tally as t

PROFILES = 1200


def random_profiles(seed: int):
    rng = random.Random(seed)
    for _ in range(PROFILES):
        candidates = rng.randint(3, 5)
        voters = rng.randint(3, 25)
        yield (
            candidates,
            [rng.sample(range(candidates), candidates) for _ in range(voters)],
        )


def keys(ranking):
    return [str(c) for c in ranking]


def test_irv_winner_is_an_irv_winner_of_pref_voting_on_random_profiles():
    singletons = 0
    for candidates, rankings in random_profiles(2026):
        options = [str(c) for c in range(candidates)]
        winner, _rounds, _tie = t.irv_rounds(options, [keys(r) for r in rankings])
        # Parallel-universe tie-breaking gives every winner some tie rule could
        # produce: ours must be one of them, and the only one when it is unique.
        theirs = instant_runoff_put(Profile(rankings))
        assert int(winner) in theirs
        if len(theirs) == 1:
            singletons += 1
            assert [int(winner)] == theirs
    assert singletons > PROFILES // 2


def test_schulze_winner_set_equals_pref_voting_beat_path_on_random_profiles():
    for candidates, rankings in random_profiles(4242):
        options = [str(c) for c in range(candidates)]
        winners, _d = t.schulze_winners(options, [keys(r) for r in rankings])
        assert sorted(int(w) for w in winners) == beat_path(Profile(rankings))
