"""The floors of a proposal: the least quorum, voting period, notice and majority
that the multifactory's rules allow for a proposal carrying effects.

The floors are rules (`governance.rules`, keys `governance.floor.*`), so only a
decision changes them. A proposal without effects changes nothing and has no floors;
one with effects takes, for each measure, the strictest of the general floor and the
floors of every group its effects belong to (the charter, memberships, mandates,
rules). Changing a floor by `set_rule` also takes the floors of the group the floor
protects, in force when the change is proposed, so lowering a floor needs the
stricter floor that it lowers.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from multifactory.core.times import local_text
from multifactory.governance import rules, tally

# Effect type code → floor group (rules.FLOOR_GROUPS). Other capabilities add theirs
# with protect(); an effect without a group has the general floors.
EFFECT_GROUPS: dict[str, str] = {
    "amend_charter": "charter",
    "end_membership": "membership",
    "grant_mandate": "mandates",
    "revoke_mandate": "mandates",
    "set_rule": "rules",
}

WHY = _("“%(rule)s” is a rule of this multifactory; only a decision changes it.")
QUORUM_BELOW_FLOOR = _(
    "Ask for a quorum of at least %(floor)s %% for this proposal: %(why)s "
    "You may ask for more, never less."
)
WINDOW_BELOW_FLOOR = _(
    "Voting must stay open at least %(floor)s for this proposal, so close it at "
    "%(earliest)s or later: %(why)s"
)
NOTICE_BELOW_FLOOR = _(
    "Voting on this proposal opens at the earliest %(floor)s after it is made "
    "(%(earliest)s), so members have notice: %(why)s Choose a later opening, or "
    "leave it empty and open voting later."
)
OPENS_TOO_EARLY = _(
    "Voting on this proposal may open from %(earliest)s (%(floor)s of notice): %(why)s"
)
OPENS_TOO_LATE = _(
    "It is too late to open this proposal: voting would stay open less than "
    "%(floor)s. %(why)s Withdraw it and propose it again with a later closing time."
)
MAJORITY_BELOW_FLOOR = _(
    "This proposal needs at least a majority of %(floor)s: %(why)s Choose a "
    "qualified majority with a threshold of %(floor)s or more, or consent or "
    "consensus (where one objection or block stops it)."
)
EARLY_CLOSE = _(
    "A proposal with effects stays open until its voting window ends (%(closes)s) "
    "unless every company has voted: the floors of this multifactory's rules give "
    "every company the whole window."
)


@dataclass(frozen=True)
class Floor:
    value: Any
    key: str  # the rule that sets it

    @property
    def label(self) -> str | Promise:
        return rules.get(self.key).label

    @property
    def why(self) -> str:
        return str(WHY % {"rule": self.label})


@dataclass(frozen=True)
class Floors:
    quorum: Floor
    voting_hours: Floor
    notice_hours: Floor
    majority: Floor  # value: a Fraction

    def as_dict(self) -> dict:
        return {
            "quorum_percent": self.quorum.value,
            "voting_hours": self.voting_hours.value,
            "notice_hours": self.notice_hours.value,
            "majority": str(self.majority.value),
            "rules": {
                "quorum_percent": self.quorum.key,
                "voting_hours": self.voting_hours.key,
                "notice_hours": self.notice_hours.key,
                "majority": self.majority.key,
            },
        }


def protect(effect_code: str, group: str) -> None:
    """Give an effect type the floors of `group` (registered with
    rules.register_floors)."""
    EFFECT_GROUPS[effect_code] = group


def groups_for(effects: list[tuple[str, dict]]) -> list[str]:
    """The floor groups concerned by `effects` (cleaned (kind, params) pairs)."""
    groups = [rules.GENERAL]
    for kind, params in effects:
        concerned: list[str | None] = [EFFECT_GROUPS.get(kind, rules.GENERAL)]
        if kind == "set_rule":
            # Changing a floor takes the floors that the floor itself protects.
            concerned.append(rules.floor_group_of(str(params.get("key", ""))))
        for group in concerned:
            if (
                group is not None
                and group in rules.FLOOR_GROUPS
                and (group not in groups)
            ):
                groups.append(group)
    return groups


def _measure(value: Any, measure: str):
    if measure == "majority":
        return tally.parse_threshold(value)
    return int(value)


def for_groups(multifactory, groups: list[str]) -> Floors:
    """The strictest floor of each measure over `groups` (one query)."""
    keys = [
        rules.floor_key(group, measure)
        for group in groups
        for measure in rules.FLOOR_MEASURES
    ]
    current = rules.values(multifactory, keys)
    strictest = {}
    for measure in rules.FLOOR_MEASURES:
        best: Floor | None = None
        for group in groups:
            key = rules.floor_key(group, measure)
            value = _measure(current[key], measure)
            if best is None or value > best.value:
                best = Floor(value, key)
        assert best is not None  # groups always holds rules.GENERAL
        strictest[measure] = best
    return Floors(
        quorum=strictest["quorum"],
        voting_hours=strictest["voting_hours"],
        notice_hours=strictest["notice_hours"],
        majority=strictest["majority"],
    )


def for_effects(multifactory, effects: list[tuple[str, dict]]) -> Floors | None:
    """The floors of a proposal carrying `effects`; None without effects."""
    if not effects:
        return None
    return for_groups(multifactory, groups_for(effects))


def for_proposal(proposal) -> Floors | None:
    return for_effects(
        proposal.multifactory,
        [(effect.kind, effect.params) for effect in proposal.effects.all()],
    )


def table(multifactory) -> list[dict]:
    """Every floor group with its current floors, for the proposal form and docs."""
    rows = []
    for code, group in rules.FLOOR_GROUPS.items():
        floors = for_groups(multifactory, [code])
        rows.append(
            {
                "group": code,
                "name": group.name,
                "quorum": floors.quorum.value,
                "voting": duration(floors.voting_hours.value),
                "notice": duration(floors.notice_hours.value),
                "majority": str(floors.majority.value),
            }
        )
    return rows


def duration(hours: int) -> str:
    if hours and hours % 24 == 0:
        days = hours // 24
        return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
    return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}


def _moment(moment: datetime, zone) -> str:
    return f"{local_text(moment, zone)} ({zone.key})"


def majority_met(method: str, threshold: str, floor: Fraction) -> bool:
    """Whether a method and threshold ask for at least the `floor` majority.

    Consent and consensus stop at a single objection or block: stricter than any
    majority. A simple majority is just over one half; a qualified majority is its
    threshold."""
    if method in (tally.CONSENT, tally.CONSENSUS):
        return True
    if method == tally.MAJORITY:
        return floor <= Fraction(1, 2)
    if method == tally.QUALIFIED:
        try:
            return tally.parse_threshold(threshold) >= floor
        except ValueError:
            return True  # the threshold's own validation says what is wrong
    return False


def check_proposal(
    floors: Floors | None,
    *,
    multifactory,
    method: str,
    quorum_percent: int,
    threshold: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    in_assembly: bool,
    open_now: bool,
    now: datetime,
) -> None:
    """Refuse, field by field, what asks for less than the floors."""
    if floors is None:
        return
    zone = multifactory.zone
    errors: dict[str, Any] = {}
    if quorum_percent < floors.quorum.value:
        errors["quorum_percent"] = QUORUM_BELOW_FLOOR % {
            "floor": floors.quorum.value,
            "why": floors.quorum.why,
        }
    if not majority_met(method, threshold, floors.majority.value):
        field = "threshold" if method == tally.QUALIFIED else "method"
        errors[field] = MAJORITY_BELOW_FLOOR % {
            "floor": floors.majority.value,
            "why": floors.majority.why,
        }
    if not in_assembly:
        # An assembly vote has the assembly's own notice and meeting.
        notice = timedelta(hours=floors.notice_hours.value)
        earliest_open = now + notice
        opens = now if open_now else (opens_at or earliest_open)
        if notice and opens < earliest_open:
            errors["opens_at" if opens_at and not open_now else "open_now"] = (
                NOTICE_BELOW_FLOOR
                % {
                    "floor": duration(floors.notice_hours.value),
                    "earliest": _moment(earliest_open, zone),
                    "why": floors.notice_hours.why,
                }
            )
        window = timedelta(hours=floors.voting_hours.value)
        if closes_at is not None and closes_at < max(opens, earliest_open) + window:
            errors["closes_at"] = WINDOW_BELOW_FLOOR % {
                "floor": duration(floors.voting_hours.value),
                "earliest": _moment(max(opens, earliest_open) + window, zone),
                "why": floors.voting_hours.why,
            }
    if errors:
        raise ValidationError(errors)


def check_opening(proposal, *, now: datetime) -> None:
    """A person opening a draft by hand: the notice has passed, and the window left
    is at least the voting period floor."""
    floors = for_proposal(proposal)
    if floors is None or proposal.in_assembly:
        return
    zone = proposal.multifactory.zone
    earliest = proposal.created_at + timedelta(hours=floors.notice_hours.value)
    if floors.notice_hours.value and now < earliest:
        raise ValidationError(
            OPENS_TOO_EARLY
            % {
                "earliest": _moment(earliest, zone),
                "floor": duration(floors.notice_hours.value),
                "why": floors.notice_hours.why,
            }
        )
    window = timedelta(hours=floors.voting_hours.value)
    if proposal.closes_at is not None and proposal.closes_at < now + window:
        raise ValidationError(
            OPENS_TOO_LATE
            % {
                "floor": duration(floors.voting_hours.value),
                "why": floors.voting_hours.why,
            }
        )


def check_closing(proposal, *, now: datetime, ballots: int) -> None:
    """A proposal with effects is not closed by a person before its window ends,
    unless every company of the electorate has voted."""
    if (
        proposal.closes_at is None
        or now >= proposal.closes_at
        or ballots >= proposal.electorate_size
        or not proposal.effects.exists()
    ):
        return
    raise ValidationError(
        EARLY_CLOSE
        % {"closes": _moment(proposal.closes_at, proposal.multifactory.zone)}
    )


def tally_rules(proposal) -> tally.Rules:
    """The rules a proposal is counted by: its own, with the quorum raised to the
    floor in force when it closes. A proposal made before a floor existed, or
    before the community raised it, cannot adopt effects below it."""
    counted = proposal.tally_rules()
    applying = for_proposal(proposal)
    if applying is not None and applying.quorum.value > counted.quorum_percent:
        counted = replace(counted, quorum_percent=applying.quorum.value)
    return counted
