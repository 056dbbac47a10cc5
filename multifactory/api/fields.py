"""Field types shared by the schemas of every capability."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from multifactory.core.inputs import DAY_OUT_OF_RANGE, day_in_range
from multifactory.core.money import Money

# Amounts the API takes: up to ten billion minor units (a hundred million euros).
MAX_MINOR_UNITS = 10_000_000_000

# A row id: positive and inside a 64-bit integer, so no database is asked about
# numbers it cannot hold.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class MoneyOut(Schema):
    """An amount: integer minor units of an ISO 4217 currency (12.34 € is
    `{"minor_units": 1234, "currency": "EUR"}`; 1234 ¥ is `{"minor_units": 1234,
    "currency": "JPY"}`). Never a float, never major units."""

    minor_units: int = Field(description="The amount in the currency's minor units.")
    currency: str = Field(description="ISO 4217 code, e.g. EUR.")

    @classmethod
    def from_money(cls, amount: Money) -> "MoneyOut":
        return cls(minor_units=amount.minor_units, currency=amount.currency)


class MoneyIn(Schema):
    minor_units: int = Field(ge=0, le=MAX_MINOR_UNITS)
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")


def money_input(maximum: int = MAX_MINOR_UNITS):
    """The type of an amount sent to the API: minor units in the multifactory's
    currency, as a plain integer or as {"minor_units": …, "currency": …}."""
    return Annotated[int, Field(ge=0, le=maximum)] | MoneyIn


TOO_LARGE = _("At most %(maximum)s minor units.")
WRONG_CURRENCY = _(
    "Amounts here are in %(expected)s (the multifactory's currency), not %(given)s."
)


def money_in(
    value: int | MoneyIn | None,
    currency: str,
    field: str,
    maximum: int = MAX_MINOR_UNITS,
) -> int | None:
    """Minor units of `currency` from an API amount; a 422 on the field when the
    amount is in another currency or above `maximum`."""
    if value is None or isinstance(value, int):
        return value
    if value.minor_units > maximum:
        raise ValidationError(
            {
                field: ValidationError(
                    TOO_LARGE, code="max_value", params={"maximum": maximum}
                )
            }
        )
    if value.currency != currency:
        raise ValidationError(
            {
                field: ValidationError(
                    WRONG_CURRENCY,
                    code="currency",
                    params={"expected": currency, "given": value.currency},
                )
            }
        )
    return value.minor_units


def money_out(minor_units: int, currency: str) -> MoneyOut:
    return MoneyOut.from_money(Money(minor_units, currency))


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
