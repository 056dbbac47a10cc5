"""Field types shared by the schemas of every capability."""

from datetime import date, datetime
from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Field
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from multifactory.core.inputs import DAY_OUT_OF_RANGE, day_in_range

# A row id: positive and inside a 64-bit integer, so no database is asked about
# numbers it cannot hold.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

NAIVE_DATETIME = _(
    "Give the time with its UTC offset, e.g. 2027-03-23T10:00+01:00 "
    "or 2027-03-23T09:00Z."
)


def _instant(value: datetime) -> datetime:
    """A time without an offset is ambiguous (whose 10:00?): refuse it rather than
    guess; and keep to dates that adding a day or changing zone cannot overflow."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise PydanticCustomError("naive_datetime", str(NAIVE_DATETIME))
    if not day_in_range(value.date()):
        raise PydanticCustomError("out_of_range", str(DAY_OUT_OF_RANGE))
    return value


def _day(value: date) -> date:
    if not day_in_range(value):
        raise PydanticCustomError("out_of_range", str(DAY_OUT_OF_RANGE))
    return value


# A moment in time sent by a client: RFC 3339 with its UTC offset ("Z" for UTC).
Instant = Annotated[
    datetime,
    AfterValidator(_instant),
    Field(
        description="With its UTC offset, e.g. 2027-03-23T10:00+01:00 or "
        "2027-03-23T09:00Z; a time without an offset is refused (422). "
        "Years 1900 to 2999."
    ),
]

# A calendar date sent by a client, in the multifactory's own calendar.
Day = Annotated[
    date,
    AfterValidator(_day),
    Field(description="YYYY-MM-DD, years 1900 to 2999."),
]
