"""Recurrence: RFC 5545 rules (RRULE, EXDATE) expanded by python-dateutil.

One place builds a rule from what a person chose ("every month, on the same
weekday"), stores it as RRULE text, expands it into occurrences and hands the same
text to the iCal feeds, so what is booked and what calendars show cannot differ.

Occurrences keep their local wall-clock time across daylight-saving changes: the
rule is expanded in the multifactory's zone (10:00 stays 10:00, in CET and in
CEST). A rule always ends (COUNT or UNTIL) and is expanded at most `limit` times:
a rule that would produce more is refused, never cut short silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule, rrulestr
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_INTERVAL = 52
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

BAD_FREQUENCY = _(
    "Choose how it repeats: every day, every week or every month (on the same date "
    "or on the same weekday)."
)
NO_END = _(
    "A repeating booking ends either on a date or after a number of times: give "
    "exactly one of them."
)
BAD_COUNT = _("It repeats between 1 and %(max)s times.")
BAD_INTERVAL = _("Repeat every 1 to 52 days, weeks or months.")
UNTIL_BEFORE_START = _("The last date comes after the first day: choose a later one.")
TOO_MANY = _("It repeats at most %(max)s times: choose an earlier end.")
NOT_AN_OCCURRENCE = _(
    "%(day)s is not one of the days it repeats on: skip only days of the series."
)
ALL_SKIPPED = _("Every day of the series is skipped: nothing is left to book.")


class Frequency(models.TextChoices):
    """How a person says it repeats; each is one RRULE shape."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly, on the same date")
    MONTHLY_WEEKDAY = (
        "monthly_weekday",
        _("Monthly, on the same weekday (e.g. the first Sunday)"),
    )


_FREQ = {
    Frequency.DAILY: "DAILY",
    Frequency.WEEKLY: "WEEKLY",
    Frequency.MONTHLY: "MONTHLY",
    Frequency.MONTHLY_WEEKDAY: "MONTHLY",
}


@dataclass(frozen=True)
class Pattern:
    """What a stored rule says, in the words of the form and the API."""

    frequency: str
    interval: int
    count: int | None
    until: date | None  # the last local day


def _refuse(field: str | None, message, **params) -> ValidationError:
    error = ValidationError(message, code="recurrence", params=params or None)
    return ValidationError({field: error} if field else error, code="recurrence")


def _nth_weekday(day: date) -> int:
    """1 for the first Sunday of the month … 4 for the fourth; -1 for a fifth,
    which is the last one (months without a fifth keep the series going)."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def build_rule(
    *,
    frequency: str,
    first_start: datetime,
    zone: ZoneInfo,
    interval: int = 1,
    count: int | None = None,
    until: date | None = None,
    limit: int,
) -> str:
    """The RRULE text (RFC 5545, without DTSTART) of a person's choice; raises
    ValidationError (on the field at fault) for a malformed or endless one."""
    if frequency not in Frequency.values:
        raise _refuse("frequency", BAD_FREQUENCY)
    if (count is None) == (until is None):
        raise _refuse(None, NO_END)
    if not 1 <= interval <= MAX_INTERVAL:
        raise _refuse("interval", BAD_INTERVAL)
    if count is not None and not 1 <= count <= limit:
        raise _refuse("count", BAD_COUNT, max=limit)
    local = first_start.astimezone(zone)
    if until is not None and until < local.date():
        raise _refuse("until", UNTIL_BEFORE_START)
    parts = [f"FREQ={_FREQ[Frequency(frequency)]}"]
    if frequency == Frequency.MONTHLY:
        parts.append(f"BYMONTHDAY={local.day}")
    elif frequency == Frequency.MONTHLY_WEEKDAY:
        parts.append(f"BYDAY={_nth_weekday(local.date())}{RRULE_DAYS[local.weekday()]}")
    parts.append(f"INTERVAL={interval}")
    if count is not None:
        parts.append(f"COUNT={count}")
    elif until is not None:  # exactly one of the two, checked above
        # With a DTSTART in a time zone, RFC 5545 wants UNTIL in UTC: the end of
        # the last local day.
        last = datetime.combine(until + timedelta(days=1), time(0), tzinfo=zone)
        parts.append(
            "UNTIL="
            + (last - timedelta(seconds=1)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        )
    return ";".join(parts)


def _parse(rule: str, first_start: datetime, zone: ZoneInfo) -> rrule:
    return rrulestr(rule, dtstart=first_start.astimezone(zone))


def pattern(rule: str, *, first_start: datetime, zone: ZoneInfo) -> Pattern:
    """A stored rule back in the words people chose it with."""
    parsed = _parse(rule, first_start, zone)
    fields = dict(part.split("=", 1) for part in rule.split(";"))
    if parsed._freq == DAILY:
        frequency = Frequency.DAILY
    elif parsed._freq == WEEKLY:
        frequency = Frequency.WEEKLY
    elif parsed._freq == MONTHLY and "BYDAY" in fields:
        frequency = Frequency.MONTHLY_WEEKDAY
    else:
        frequency = Frequency.MONTHLY
    until = parsed._until.astimezone(zone).date() if parsed._until else None
    return Pattern(
        frequency=frequency.value,
        interval=parsed._interval,
        count=parsed._count,
        until=until,
    )


def starts(
    rule: str, *, first_start: datetime, zone: ZoneInfo, limit: int
) -> list[datetime]:
    """Every start of the rule (UTC), at the first one's local wall-clock time;
    refuses a rule with more than `limit` (`TOO_MANY` on `until`)."""
    local = list(islice(_parse(rule, first_start, zone), limit + 1))
    if len(local) > limit:
        raise _refuse("until", TOO_MANY, max=limit)
    return [start.astimezone(UTC) for start in local]


def occurrences(
    rule: str,
    *,
    first_start: datetime,
    first_end: datetime,
    zone: ZoneInfo,
    skip: Iterable[date] = (),
    limit: int,
) -> list[tuple[datetime, datetime]]:
    """(start, end) of every occurrence, at the first one's local wall-clock time
    and length, without the days in `skip` (EXDATE). At most `limit` are expanded:
    a rule that goes on is refused (`TOO_MANY` on `until`)."""
    local_start = first_start.astimezone(zone)
    # The length in wall-clock time: 10:00–11:00 stays 10:00–11:00 on the day the
    # clocks change.
    length = first_end.astimezone(zone).replace(tzinfo=None) - local_start.replace(
        tzinfo=None
    )
    local_starts = [
        start.astimezone(zone)
        for start in starts(rule, first_start=first_start, zone=zone, limit=limit)
    ]
    skip = set(skip)
    days = {start.date() for start in local_starts}
    for day in sorted(skip):
        if day not in days:
            raise _refuse("skip", NOT_AN_OCCURRENCE, day=day.isoformat())
    times = [
        (
            start.astimezone(UTC),
            (start.replace(tzinfo=None) + length).replace(tzinfo=zone).astimezone(UTC),
        )
        for start in local_starts
        if start.date() not in skip
    ]
    if not times:
        raise _refuse("skip", ALL_SKIPPED)
    return times
