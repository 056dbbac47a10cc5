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
from django.utils.translation import gettext_lazy as _

UNKNOWN_RULE = _("There is no rule called “%(key)s”.")
RULE_OUT_OF_RANGE = _("Give a whole number from %(low)s to %(high)s.")

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
