"""Counting votes: every method, quorum, abstentions and tie rules, in plain Python.

No Django here, so the rules stated in docs/governance.md have exactly one home and are
tested on their own. A ballot is a dict whose shape depends on the method:

    majority, qualified   {"vote": "yes" | "no" | "abstain"}
    consent               {"vote": "consent" | "object" | "block" | "abstain", "reason": ""}
    consensus             {"vote": "agree" | "stand_aside" | "block" | "abstain", "reason": ""}
    irv, schulze          {"ranking": ["option-key", ...]}   (empty = abstain)
    score                 {"scores": {"option-key": 0..5}}   (empty = abstain)
    approval              {"approved": ["option-key", ...]}  (empty = abstain)
    time_poll             {"availability": {"option-key": "yes" | "maybe" | "no"}}

Everything is integer or exact-fraction arithmetic; no float decides an outcome.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

MAJORITY = "majority"
QUALIFIED = "qualified"
CONSENT = "consent"
CONSENSUS = "consensus"
IRV = "irv"
SCHULZE = "schulze"
SCORE = "score"
APPROVAL = "approval"
TIME_POLL = "time_poll"

METHODS = (
    MAJORITY,
    QUALIFIED,
    CONSENT,
    CONSENSUS,
    IRV,
    SCHULZE,
    SCORE,
    APPROVAL,
    TIME_POLL,
)
# Methods that decide yes or no on one text, and so may carry effects.
BINARY_METHODS = (MAJORITY, QUALIFIED, CONSENT, CONSENSUS)
OPTION_METHODS = (IRV, SCHULZE, SCORE, APPROVAL, TIME_POLL)

# How abstentions count (docs/governance.md, "Abstentions").
QUORUM_ONLY = "quorum_only"
AS_NO = "as_no"
IGNORED = "ignored"
ABSTENTION_RULES = (QUORUM_ONLY, AS_NO, IGNORED)

CAST = "cast"
ELECTORATE = "electorate"
THRESHOLD_BASES = (CAST, ELECTORATE)

ADOPTED = "adopted"
REJECTED = "rejected"
BLOCKED = "blocked"
NO_QUORUM = "no_quorum"
NO_WINNER = "no_winner"

MAX_SCORE = 5
VOTE_CHOICES = {
    MAJORITY: ("yes", "no", "abstain"),
    QUALIFIED: ("yes", "no", "abstain"),
    CONSENT: ("consent", "object", "block", "abstain"),
    CONSENSUS: ("agree", "stand_aside", "block", "abstain"),
}
AVAILABILITY = ("yes", "maybe", "no")


class InvalidBallot(ValueError):
    """A ballot that does not fit the method; `code` names what is wrong."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Rules:
    method: str
    options: tuple[str, ...] = ()
    electorate: int = 0
    quorum_percent: int = 0
    threshold: Fraction = Fraction(1, 2)
    threshold_base: str = CAST
    abstention_rule: str = QUORUM_ONLY

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}")
        if self.abstention_rule not in ABSTENTION_RULES:
            raise ValueError(f"unknown abstention rule {self.abstention_rule!r}")
        if self.threshold_base not in THRESHOLD_BASES:
            raise ValueError(f"unknown threshold base {self.threshold_base!r}")
        if not 0 <= self.quorum_percent <= 100:
            raise ValueError("quorum must be between 0 and 100 %")
        if not 0 < self.threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        if self.method in OPTION_METHODS and len(set(self.options)) < 2:
            raise ValueError("an option method needs at least two distinct options")


@dataclass
class Result:
    outcome: str
    quorum_met: bool
    electorate: int
    ballots: int  # ballots cast, abstentions included
    counted: int  # ballots that count toward quorum
    winner: str | None = None
    counts: dict = field(default_factory=dict)
    rounds: list = field(default_factory=list)
    tie_break: str = ""

    @property
    def adopted(self) -> bool:
        return self.outcome == ADOPTED

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "quorum_met": self.quorum_met,
            "electorate": self.electorate,
            "ballots": self.ballots,
            "counted": self.counted,
            "winner": self.winner,
            "counts": self.counts,
            "rounds": self.rounds,
            "tie_break": self.tie_break,
        }


# A threshold is typed by people ("2/3", "0.75"): short, with small numbers, so that
# parsing it costs nothing whatever is sent ("1e9999999" would build a number of ten
# million digits).
THRESHOLD_MAX_LENGTH = 9
_THRESHOLD = re.compile(r"(\d{1,4})\s*/\s*(\d{1,4})|(\d{0,1}\.\d{1,4})|(1|0)", re.ASCII)


def parse_threshold(text: str) -> Fraction:
    """'2/3' → Fraction(2, 3), '0.75' → Fraction(3, 4); refuses anything outside
    (0, 1], and anything longer than a few characters or with larger numbers."""
    text = str(text).strip()
    match = _THRESHOLD.fullmatch(text) if len(text) <= THRESHOLD_MAX_LENGTH else None
    if match is None:
        raise ValueError("write a threshold as a fraction like 2/3 or 0.75")
    numerator, denominator, decimal, whole = match.groups()
    if numerator is not None:
        if int(denominator) == 0:
            raise ValueError("a threshold cannot divide by zero")
        value = Fraction(int(numerator), int(denominator))
    else:
        value = Fraction(decimal or whole)
    if not 0 < value <= 1:
        raise ValueError("threshold must be in (0, 1]")
    return value


# Ballot validation ----------------------------------------------------------------


def _keys(value, known: set[str]) -> list[str]:
    """A list of option keys, or InvalidBallot: a ballot comes from outside, so a
    string ("12"), a number or a nested list is refused rather than guessed at."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidBallot("shape")
    if any(not isinstance(key, str) for key in value):
        raise InvalidBallot("unknown_option")
    if any(key not in known for key in value):
        raise InvalidBallot("unknown_option")
    if len(set(value)) != len(value):
        raise InvalidBallot("repeated_option")
    return value


def _mapping(value, known: set[str]) -> dict:
    """A dict keyed by option keys, or InvalidBallot."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidBallot("shape")
    if any(key not in known for key in value):
        raise InvalidBallot("unknown_option")
    return value


def clean_ballot(method: str, options: Sequence[str], ballot: dict) -> dict:
    """The ballot in canonical form, or InvalidBallot naming what is wrong. Every
    shape a client may send is either read or refused here, never crashes."""
    if not isinstance(ballot, dict):
        raise InvalidBallot("shape")
    known = set(options)
    if method in VOTE_CHOICES:
        vote = ballot.get("vote")
        if not isinstance(vote, str) or vote not in VOTE_CHOICES[method]:
            raise InvalidBallot("choice")
        reason = ballot.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise InvalidBallot("shape")
        reason = (reason or "").strip()
        if vote == "block" and not reason:
            raise InvalidBallot("block_without_reason")
        return {"vote": vote, "reason": reason} if reason else {"vote": vote}
    if method in (IRV, SCHULZE):
        return {"ranking": _keys(ballot.get("ranking"), known)}
    if method == SCORE:
        scores = _mapping(ballot.get("scores"), known)
        for value in scores.values():
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not 0 <= value <= MAX_SCORE
            ):
                raise InvalidBallot("score_range")
        return {"scores": {key: scores[key] for key in options if key in scores}}
    if method == APPROVAL:
        approved = set(_keys(ballot.get("approved"), known))
        return {"approved": [key for key in options if key in approved]}
    if method == TIME_POLL:
        availability = _mapping(ballot.get("availability"), known)
        if any(
            not isinstance(value, str) or value not in AVAILABILITY
            for value in availability.values()
        ):
            raise InvalidBallot("choice")
        return {
            "availability": {
                key: availability[key] for key in options if key in availability
            }
        }
    raise InvalidBallot("method")


def is_abstention(method: str, ballot: dict) -> bool:
    if method in VOTE_CHOICES:
        return ballot.get("vote") == "abstain"
    if method in (IRV, SCHULZE):
        return not ballot.get("ranking")
    if method == SCORE:
        return not ballot.get("scores")
    if method == APPROVAL:
        return not ballot.get("approved")
    if method == TIME_POLL:
        return not ballot.get("availability")
    return False


# Quorum ---------------------------------------------------------------------------


def quorum_met(*, counted: int, electorate: int, quorum_percent: int) -> bool:
    """Ballots cast over the electorate; exactly at the threshold is enough."""
    return counted * 100 >= quorum_percent * electorate


# The tally ------------------------------------------------------------------------


def tally(rules: Rules, ballots: Sequence[dict]) -> Result:
    """Count `ballots` (already cleaned) under `rules`. Deterministic: the same
    ballots in any order give the same result."""
    ballots = list(ballots)
    abstentions = sum(1 for b in ballots if is_abstention(rules.method, b))
    counted = len(ballots) - (abstentions if rules.abstention_rule == IGNORED else 0)
    met = quorum_met(
        counted=counted,
        electorate=rules.electorate,
        quorum_percent=rules.quorum_percent,
    )
    result = Result(
        outcome=NO_QUORUM,
        quorum_met=met,
        electorate=rules.electorate,
        ballots=len(ballots),
        counted=counted,
    )
    votes = [b for b in ballots if not is_abstention(rules.method, b)]
    counter = {
        MAJORITY: _majority,
        QUALIFIED: _majority,
        CONSENT: _consent,
        CONSENSUS: _consensus,
        IRV: _irv,
        SCHULZE: _schulze,
        SCORE: _score,
        APPROVAL: _approval,
        TIME_POLL: _time_poll,
    }[rules.method]
    counter(rules, votes, abstentions, result)
    if not met:
        result.outcome = NO_QUORUM
        result.winner = None
    return result


def _majority(rules: Rules, votes, abstentions: int, result: Result) -> None:
    tally_ = Counter(b["vote"] for b in votes)
    yes, no = tally_["yes"], tally_["no"]
    if rules.method == QUALIFIED and rules.threshold_base == ELECTORATE:
        base = rules.electorate
    else:
        base = yes + no + (abstentions if rules.abstention_rule == AS_NO else 0)
    result.counts = {"yes": yes, "no": no, "abstain": abstentions, "base": base}
    if rules.method == MAJORITY:
        # Strictly more than half; a tie keeps the status quo.
        passed = base > 0 and yes * 2 > base
        if base > 0 and yes * 2 == base:
            result.tie_break = "tie_rejects"
    else:
        passed = base > 0 and yes >= rules.threshold * base
    result.outcome = ADOPTED if passed else REJECTED


def _block_reasons(votes) -> list[str]:
    return [b["reason"] for b in votes if b.get("vote") == "block"]


def _count_with_blocks(
    votes, choices: tuple[str, ...], abstentions: int, result: Result
) -> Counter:
    """Count the choices of a method that knows a block, keeping the blocks' reasons."""
    counts = Counter(b["vote"] for b in votes)
    result.counts = {
        **{choice: counts[choice] for choice in choices},
        "abstain": abstentions,
        "block_reasons": _block_reasons(votes),
    }
    return counts


def _consent(rules: Rules, votes, abstentions: int, result: Result) -> None:
    counts = _count_with_blocks(
        votes, ("consent", "object", "block"), abstentions, result
    )
    if counts["block"]:
        result.outcome = BLOCKED
    elif counts["object"]:
        result.outcome = REJECTED
    else:
        result.outcome = ADOPTED if counts["consent"] else REJECTED


def _consensus(rules: Rules, votes, abstentions: int, result: Result) -> None:
    counts = _count_with_blocks(
        votes, ("agree", "stand_aside", "block"), abstentions, result
    )
    if counts["block"]:
        result.outcome = BLOCKED
    else:
        result.outcome = ADOPTED if counts["agree"] else REJECTED


def _first_preferences(options, votes) -> dict[str, int]:
    first = dict.fromkeys(options, 0)
    for b in votes:
        first[b["ranking"][0]] += 1
    return first


def irv_rounds(options: Sequence[str], rankings: Sequence[list[str]]):
    """Instant runoff. Returns (winner, rounds, tie_break) – see docs for tie rules."""
    options = list(options)
    position = {key: i for i, key in enumerate(options)}
    first_round = dict.fromkeys(options, 0)
    for ranking in rankings:
        if ranking:
            first_round[ranking[0]] += 1
    remaining = list(options)
    rounds: list[dict] = []
    tie_breaks: list[str] = []
    while remaining:
        counts = dict.fromkeys(remaining, 0)
        alive = set(remaining)
        active = 0
        for ranking in rankings:
            for key in ranking:
                if key in alive:
                    counts[key] += 1
                    active += 1
                    break
        rounds.append({"counts": counts, "active": active})
        leader = max(remaining, key=lambda k: (counts[k], -position[k]))
        if active and counts[leader] * 2 > active:
            return leader, rounds, ",".join(tie_breaks)
        if len(remaining) == 1:
            return (remaining[0] if active else None), rounds, ",".join(tie_breaks)
        fewest = min(counts.values())
        tied = [k for k in remaining if counts[k] == fewest]
        if len(tied) > 1:
            # Fewest first preferences in round one, then the option listed last.
            loser = min(tied, key=lambda k: (first_round[k], -position[k]))
            least_first = [k for k in tied if first_round[k] == first_round[loser]]
            label = (
                "elimination_by_option_order"
                if len(least_first) > 1
                else "elimination_by_first_preferences"
            )
            if label not in tie_breaks:
                tie_breaks.append(label)
        else:
            loser = tied[0]
        rounds[-1]["eliminated"] = loser
        remaining.remove(loser)
    return None, rounds, ",".join(tie_breaks)


def _irv(rules: Rules, votes, abstentions: int, result: Result) -> None:
    winner, rounds, tie_break = irv_rounds(rules.options, [b["ranking"] for b in votes])
    result.rounds = rounds
    result.counts = {"first_preferences": rounds[0]["counts"], "abstain": abstentions}
    result.tie_break = tie_break
    result.winner = winner
    result.outcome = ADOPTED if winner is not None else NO_WINNER


def pairwise(options: Sequence[str], rankings: Sequence[list[str]]):
    """d[a][b]: ballots ranking a above b. Unranked options are below ranked ones."""
    d = {a: dict.fromkeys(options, 0) for a in options}
    for ranking in rankings:
        rank = {key: i for i, key in enumerate(ranking)}
        bottom = len(ranking)
        for a in options:
            ra = rank.get(a, bottom)
            if ra == bottom:
                continue
            for b in options:
                if a != b and ra < rank.get(b, bottom):
                    d[a][b] += 1
    return d


def schulze_winners(options: Sequence[str], rankings: Sequence[list[str]]):
    """The Schulze winners (winning votes, strongest paths), in option order."""
    options = list(options)
    d = pairwise(options, rankings)
    p = {
        a: {b: (d[a][b] if a != b and d[a][b] > d[b][a] else 0) for b in options}
        for a in options
    }
    for i in options:
        for j in options:
            if i == j:
                continue
            for k in options:
                if k in (i, j):
                    continue
                p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    winners = [a for a in options if all(p[a][b] >= p[b][a] for b in options)]
    return winners, d


def _schulze(rules: Rules, votes, abstentions: int, result: Result) -> None:
    rankings = [b["ranking"] for b in votes]
    winners, d = schulze_winners(rules.options, rankings)
    first = _first_preferences(rules.options, votes)
    result.counts = {
        "pairwise": d,
        "schulze_winners": winners,
        "first_preferences": first,
        "abstain": abstentions,
    }
    if not votes:
        result.outcome = NO_WINNER
        return
    position = {key: i for i, key in enumerate(rules.options)}
    winner = min(winners, key=lambda k: (-first[k], position[k]))
    if len(winners) > 1:
        best = [k for k in winners if first[k] == first[winner]]
        result.tie_break = "option_order" if len(best) > 1 else "most_first_preferences"
    result.winner = winner
    result.outcome = ADOPTED


def _pick(options, key, result: Result, tie_labels: tuple[str, ...]) -> str:
    """The option with the highest `key` tuple; the earlier option wins a full tie.

    `tie_labels[i]` names the rule when element i + 1 of the key broke the tie.
    """
    position = {k: i for i, k in enumerate(options)}
    winner = min(options, key=lambda k: (tuple(-x for x in key(k)), position[k]))
    top = key(winner)
    for depth in range(len(top)):
        rivals = [k for k in options if key(k)[: depth + 1] == top[: depth + 1]]
        if len(rivals) == 1:
            if depth > 0:
                result.tie_break = tie_labels[depth - 1]
            return winner
    result.tie_break = "option_order"
    return winner


def _score(rules: Rules, votes, abstentions: int, result: Result) -> None:
    totals = dict.fromkeys(rules.options, 0)
    histogram = {k: [0] * (MAX_SCORE + 1) for k in rules.options}
    for b in votes:
        for key in rules.options:
            value = b["scores"].get(key, 0)
            totals[key] += value
            histogram[key][value] += 1
    result.counts = {"totals": totals, "histogram": histogram, "abstain": abstentions}
    if not votes:
        result.outcome = NO_WINNER
        return
    result.winner = _pick(
        rules.options,
        lambda k: (totals[k], *reversed(histogram[k][1:])),
        result,
        tuple(f"most_{s}s" for s in range(MAX_SCORE, 0, -1)),
    )
    result.outcome = ADOPTED


def _approval(rules: Rules, votes, abstentions: int, result: Result) -> None:
    totals = dict.fromkeys(rules.options, 0)
    for b in votes:
        for key in b["approved"]:
            totals[key] += 1
    result.counts = {"approvals": totals, "abstain": abstentions}
    if not votes:
        result.outcome = NO_WINNER
        return
    result.winner = _pick(rules.options, lambda k: (totals[k],), result, ())
    result.outcome = ADOPTED


def _time_poll(rules: Rules, votes, abstentions: int, result: Result) -> None:
    yes = dict.fromkeys(rules.options, 0)
    maybe = dict.fromkeys(rules.options, 0)
    for b in votes:
        for key, value in b["availability"].items():
            if value == "yes":
                yes[key] += 1
            elif value == "maybe":
                maybe[key] += 1
    result.counts = {"yes": yes, "maybe": maybe, "abstain": abstentions}
    if not votes:
        result.outcome = NO_WINNER
        return
    result.winner = _pick(
        rules.options,
        lambda k: (yes[k], yes[k] + maybe[k]),
        result,
        ("most_yes_or_maybe",),
    )
    result.outcome = ADOPTED
