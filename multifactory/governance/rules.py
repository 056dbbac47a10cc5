"""The rules of a multifactory: keys registered by capabilities, values set by decisions.

    from multifactory.governance import rules
    rules.register(rules.RuleKey("place.max_booking_hours", _("…"), default=4,
                                 clean=rules.integer(1, 24)))
    rules.value(multifactory, "place.max_booking_hours")

A value changes only through the `set_rule` decision effect.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from multifactory.governance.tally import parse_threshold

UNKNOWN_RULE = _("There is no rule called “%(key)s”.")
RULE_OUT_OF_RANGE = _("Give a whole number from %(low)s to %(high)s.")
RULE_NOT_A_FRACTION = _(
    "Give a fraction from %(low)s to 1, e.g. 1/2 (a simple majority) or 2/3."
)

PROXY_LIMIT = "governance.proxy_limit"
QUORUM_DEFAULT = "governance.quorum_default"
NOTICE_DAYS = "governance.notice_days"
CONVENE_SHARE = "governance.convene_share"


@dataclass(frozen=True)
class RuleKey:
    key: str
    label: str | Promise
    default: Any
    clean: Callable[[Any], Any]


KEYS: dict[str, RuleKey] = {}


def register(rule_key: RuleKey) -> RuleKey:
    KEYS[rule_key.key] = rule_key
    return rule_key


def integer(low: int, high: int) -> Callable[[Any], int]:
    def clean(value: Any) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if (
            number is None
            or str(number) != str(value).strip()
            or not low <= number <= high
        ):
            raise ValidationError(RULE_OUT_OF_RANGE % {"low": low, "high": high})
        return number

    return clean


def fraction(low: str) -> Callable[[Any], str]:
    """A fraction like "2/3" from `low` to 1, kept as typed (parsed as a bounded
    fraction, so a huge number costs nothing)."""
    lowest = parse_threshold(low)

    def clean(value: Any) -> str:
        try:
            number = parse_threshold(str(value))
        except ValueError:
            number = None
        if number is None or number < lowest:
            raise ValidationError(RULE_NOT_A_FRACTION % {"low": low})
        return str(value).strip().replace(" ", "")

    return clean


def get(key: str) -> RuleKey:
    try:
        return KEYS[key]
    except KeyError:
        raise ValidationError({"key": UNKNOWN_RULE % {"key": key}}) from None


def clean(key: str, value: Any) -> Any:
    """The value in canonical form, or a ValidationError saying what is wrong."""
    return get(key).clean(value)


def value(multifactory, key: str) -> Any:
    """The current value of `key` for `multifactory`, or the registered default."""
    from multifactory.governance.models import Rule

    current = (
        Rule.objects.filter(
            multifactory=multifactory, key=key, superseded_at__isnull=True
        )
        .values_list("value", flat=True)
        .first()
    )
    return get(key).default if current is None else current


def values(multifactory, keys) -> dict[str, Any]:
    """The current values of several keys in one query (defaults where unset)."""
    from multifactory.governance.models import Rule

    keys = list(keys)
    current = dict(
        Rule.objects.filter(
            multifactory=multifactory, key__in=keys, superseded_at__isnull=True
        ).values_list("key", "value")
    )
    return {key: current.get(key, get(key).default) for key in keys}


register(
    RuleKey(
        PROXY_LIMIT, _("Proxies one company may hold at an assembly"), 2, integer(0, 10)
    )
)
register(
    RuleKey(QUORUM_DEFAULT, _("Default quorum of a proposal (%)"), 50, integer(0, 100))
)
register(
    RuleKey(NOTICE_DAYS, _("Notice period of an assembly (days)"), 7, integer(0, 90))
)
register(
    RuleKey(
        CONVENE_SHARE,
        _("Share of member companies that may convene an assembly (%)"),
        20,
        integer(1, 100),
    )
)


# Floors ---------------------------------------------------------------------------
# What protects the community from a decision taken by few, fast or by surprise: the
# least quorum, voting period, notice and majority a proposal that carries effects
# may ask for. A proposer may ask for more, never less (governance.floors applies
# them). Each group of effects that matters more has stricter floors of its own; the
# strictest of the general floors and those of every group concerned applies.

FLOOR_MEASURES = ("quorum", "voting_hours", "notice_hours", "majority")
GENERAL = ""
# Longest voting period or notice a floor may demand: 90 days.
FLOOR_MAX_HOURS = 90 * 24


@dataclass(frozen=True)
class FloorGroup:
    code: str
    name: str | Promise  # "Amending the charter", on the proposal form
    # Completes "Minimum quorum … (%)": "of a proposal with effects", "to amend …".
    purpose: str | Promise
    defaults: dict[str, Any]


FLOOR_GROUPS: dict[str, FloorGroup] = {}


def floor_key(group: str, measure: str) -> str:
    return (
        f"governance.floor.{group}.{measure}"
        if group
        else (f"governance.floor.{measure}")
    )


def floor_group_of(key: str) -> str | None:
    """The floor group a rule key belongs to, or None when it is not a floor."""
    for group in FLOOR_GROUPS:
        if any(key == floor_key(group, measure) for measure in FLOOR_MEASURES):
            return group
    return None


def register_floors(group: FloorGroup) -> FloorGroup:
    """Register the four floor rules of a group (a capability may add its own)."""
    FLOOR_GROUPS[group.code] = group
    labels = {
        "quorum": _("Minimum quorum {purpose} (%)"),
        "voting_hours": _("Minimum voting period {purpose} (hours)"),
        "notice_hours": _("Minimum notice before voting opens {purpose} (hours)"),
        "majority": _("Minimum majority {purpose} (a fraction; 1/2 = simple)"),
    }
    cleaners = {
        "quorum": integer(0, 100),
        "voting_hours": integer(0, FLOOR_MAX_HOURS),
        "notice_hours": integer(0, FLOOR_MAX_HOURS),
        "majority": fraction("1/2"),
    }
    for measure in FLOOR_MEASURES:
        register(
            RuleKey(
                floor_key(group.code, measure),
                format_lazy(labels[measure], purpose=group.purpose),
                group.defaults[measure],
                cleaners[measure],
            )
        )
    return group


register_floors(
    FloorGroup(
        GENERAL,
        _("Any effect"),
        _("of a proposal with effects"),
        {"quorum": 33, "voting_hours": 48, "notice_hours": 0, "majority": "1/2"},
    )
)
register_floors(
    FloorGroup(
        "charter",
        _("Amending the charter"),
        _("to amend the charter"),
        {"quorum": 50, "voting_hours": 168, "notice_hours": 168, "majority": "2/3"},
    )
)
register_floors(
    FloorGroup(
        "membership",
        _("Ending a membership"),
        _("to end a company's membership"),
        {"quorum": 50, "voting_hours": 120, "notice_hours": 48, "majority": "2/3"},
    )
)
register_floors(
    FloorGroup(
        "mandates",
        _("Granting or revoking a mandate"),
        _("to grant or revoke a mandate"),
        {"quorum": 50, "voting_hours": 72, "notice_hours": 24, "majority": "1/2"},
    )
)
register_floors(
    FloorGroup(
        "rules",
        _("Adopting or changing a rule"),
        _("to adopt or change a rule"),
        {"quorum": 50, "voting_hours": 72, "notice_hours": 24, "majority": "1/2"},
    )
)
