"""Reading what people type into addresses, query strings and forms.

Python's own checks are too kind for input: `"²".isdigit()` is true (and `int("²")`
fails), `int("٣")` is 3, and a date of year 1 or 9999 overflows as soon as a day is
added or a time zone applied. These helpers accept only what the rest of the code can
compute with, so bad input becomes a form error or a 404, never a server error.
"""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Dates a person may ask about: wide enough for any real workplace, far enough from
# year 1 and 9999 that adding a week or moving across time zones cannot overflow.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
DAY_OUT_OF_RANGE = _("Choose a date between 1900 and 2999.")

# The largest row id a database column holds (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def ascii_int(text, *, low: int = 0, high: int = LARGEST_ID) -> int | None:
    """`text` as an integer between `low` and `high`, or None: only ASCII digits
    count (no sign, no spaces, no "²" or other Unicode digits)."""
    if not isinstance(text, str) or not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def row_id(text) -> int | None:
    """A row id sent by a form or a query string, or None when it cannot be one."""
    return ascii_int(text, low=1)


def row_ids(texts) -> list[int] | None:
    """Several row ids (a multiple choice); None when any of them cannot be one."""
    ids = [row_id(text) for text in texts]
    return None if None in ids else [i for i in ids if i is not None]


def day_in_range(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def validate_day(value: date | datetime) -> None:
    """A form and schema validator: refuse dates arithmetic cannot handle."""
    day = value.date() if isinstance(value, datetime) else value
    if not day_in_range(day):
        raise ValidationError(DAY_OUT_OF_RANGE, code="out_of_range")


def iso_day(text) -> date | None:
    """A YYYY-MM-DD query string value as a date, or None when it is not one or is
    out of range."""
    if not isinstance(text, str) or not re.fullmatch(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text
    ):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day_in_range(day) else None
