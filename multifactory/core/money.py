"""Money: an amount in integer minor units of an ISO 4217 currency.

One value for every capability (costs, deposits, spending, and the ledger to come).
The number of decimals (the exponent) comes from the currency, never from the
code that uses it: 2 for EUR, 0 for JPY, 3 for KWD. Amounts are never floats;
arithmetic is only between amounts of the same currency.

People read and type amounts in their own locale, through Babel (CLDR data):
`1.234,56 €` in Italian, `€1,234.56` in English. `money_format` and
`money_parse` are the only two places that turn an amount into text and back;
`MoneyField` is the form field, the `money` template filter (`{% load
multifactory %}`) shows one, and the API sends `{"minor_units": 123456,
"currency": "EUR"}` (docs/api.md).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from babel import Locale
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_currency_symbol,
    list_currencies,
    parse_decimal,
    parse_pattern,
)
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# ISO 4217 minor units that are not 2. (CLDR, Babel's data, sometimes gives the
# cash rounding instead, e.g. 0 for IQD, whose ISO exponent is 3.)
_EXPONENTS = {
    **dict.fromkeys(
        [
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ],
        0,
    ),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    **dict.fromkeys(["CLF", "UYW"], 4),
}
# Amounts people may type: up to a thousand billion major units.
MAX_MAJOR_UNITS = 10**12

NOT_AN_AMOUNT = _("Write an amount as a number, for example %(example)s.")
TOO_MANY_DECIMALS = ngettext_lazy(
    "An amount in %(currency)s has at most %(digits)s decimal: write for example "
    "%(example)s.",
    "An amount in %(currency)s has at most %(digits)s decimals: write for example "
    "%(example)s.",
    "digits",
)
NO_DECIMALS = _(
    "An amount in %(currency)s has no decimals: write a whole number, for example "
    "%(example)s."
)
AMOUNT_TOO_SMALL = _("Write an amount of at least %(minimum)s.")
AMOUNT_TOO_LARGE = _("Write an amount of at most %(maximum)s.")


class CurrencyMismatch(ValueError):
    """Arithmetic or comparison between amounts of two currencies."""


@functools.cache
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def exponent(currency: str) -> int:
    """The number of decimals of `currency` (ISO 4217 minor unit)."""
    return _EXPONENTS.get(currency, 2)


def is_currency(code: str) -> bool:
    return isinstance(code, str) and code in _known_currencies()


@dataclass(frozen=True, slots=True)
class Money:
    """`minor_units` of `currency` (1234 EUR minor units are 12.34 €)."""

    minor_units: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.minor_units, bool) or not isinstance(self.minor_units, int):
            raise TypeError("Money holds an integer number of minor units.")
        if not is_currency(self.currency):
            raise ValueError(f"{self.currency!r} is not an ISO 4217 currency code.")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, amount: Decimal, currency: str) -> Money:
        """From major units; refuses more decimals than the currency has."""
        scaled = Decimal(amount).scaleb(exponent(currency))
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{amount} has more decimals than {currency} allows.")
        return cls(int(scaled), currency)

    @property
    def exponent(self) -> int:
        return exponent(self.currency)

    def to_decimal(self) -> Decimal:
        """The amount in major units, exactly (12.34 for 1234 EUR minor units)."""
        return Decimal(self.minor_units).scaleb(-self.exponent)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} differ.")

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(self.minor_units + other.minor_units, self.currency)

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(self.minor_units - other.minor_units, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor_units, self.currency)

    def __mul__(self, factor: int) -> Money:
        # Only by whole numbers: shares of an amount are an allocation, with its
        # own rounding rule, not a multiplication.
        if isinstance(factor, bool) or not isinstance(factor, int):
            return NotImplemented
        return Money(self.minor_units * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self.minor_units < other.minor_units

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self.minor_units <= other.minor_units

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self.minor_units > other.minor_units

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self.minor_units >= other.minor_units

    def __bool__(self) -> bool:
        return self.minor_units != 0

    def __str__(self) -> str:
        return money_format(self)

    def as_json(self) -> dict[str, Any]:
        return {"minor_units": self.minor_units, "currency": self.currency}


# People: text in their locale -------------------------------------------------------


def current_locale() -> Locale:
    """The Babel locale of the active Django language (English by default)."""
    language = translation.get_language() or "en"
    try:
        return Locale.parse(translation.to_locale(language))
    except (ValueError, LookupError):
        return Locale.parse("en")


def _locale(locale: Locale | str | None) -> Locale:
    if locale is None:
        return current_locale()
    return Locale.parse(locale) if isinstance(locale, str) else locale


def money_format(money: Money, locale: Locale | str | None = None) -> str:
    """`1.234,56 €` in Italian, `€1,234.56` in English, `¥1,235` for JPY: the
    locale's currency pattern with exactly the currency's decimals."""
    locale = _locale(locale)
    pattern = parse_pattern(locale.currency_formats["standard"])
    digits = money.exponent
    pattern.frac_prec = (digits, digits)
    text = pattern.apply(
        money.to_decimal(), locale, currency=money.currency, currency_digits=False
    )
    # CLDR's currency spacing, which Babel leaves out: a symbol made of letters is
    # kept apart from the digits ("KWD 1,234.567", not "KWD1,234.567").
    symbol = re.escape(get_currency_symbol(money.currency, locale=locale))
    text = re.sub(rf"(?<=[^\W\d])(?<={symbol})(?=\d)", "\xa0", text)
    return re.sub(rf"(?<=\d)(?=[^\W\d])(?={symbol})", "\xa0", text)


def amount_format(money: Money, locale: Locale | str | None = None) -> str:
    """The number alone, as a person types it in a form: `1.234,56` in Italian."""
    locale = _locale(locale)
    digits = money.exponent
    fraction = "0" * digits
    return format_decimal(
        money.to_decimal(),
        format="#,##0" + (f".{fraction}" if digits else ""),
        locale=locale,
    )


def money_parse(text: str, currency: str, locale: Locale | str | None = None) -> Money:
    """What a person typed, in their locale, as Money; raises ValidationError.

    The currency's symbol or code may be typed or not; grouping separators must be
    where the locale puts them (so `1.234` is refused in English instead of being
    read as 1.234 units). More decimals than the currency has are refused, never
    rounded.
    """
    locale = _locale(locale)
    example = amount_format(Money(123456 * 10 ** exponent(currency) // 100, currency))
    cleaned = str(text)
    for mark in (get_currency_symbol(currency, locale=locale), currency):
        cleaned = cleaned.replace(mark, "")
    cleaned = "".join(cleaned.split()).replace("\u2212", "-")
    if not cleaned:
        raise ValidationError(
            NOT_AN_AMOUNT, code="invalid", params={"example": example}
        )
    try:
        number = parse_decimal(cleaned, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        raise ValidationError(
            NOT_AN_AMOUNT, code="invalid", params={"example": example}
        ) from None
    if not number.is_finite() or abs(number) >= MAX_MAJOR_UNITS:
        raise ValidationError(
            NOT_AN_AMOUNT, code="invalid", params={"example": example}
        )
    digits = exponent(currency)
    try:
        return Money.from_decimal(number, currency)
    except ValueError:
        message = NO_DECIMALS if digits == 0 else TOO_MANY_DECIMALS
        raise ValidationError(
            message,
            code="max_decimal_places",
            params={"currency": currency, "digits": digits, "example": example},
        ) from None


# Forms ------------------------------------------------------------------------------


class MoneyField(forms.Field):
    """An amount typed in major units in the person's locale ("1.234,56" in
    Italian, "1,234.56" in English); cleans to Money in `currency`.

    The currency is the multifactory's: give it when the form is built
    (`MoneyField(currency=…)` or `field.currency = …` in the form's __init__).
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(
        self,
        *,
        currency: str = "EUR",
        min_value: int | None = 0,
        max_value: int | None = 2**31 - 1,  # what an integer column holds everywhere
        **kwargs,
    ):
        self.currency = currency
        self.min_value = min_value  # minor units
        self.max_value = max_value
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Money):
            return amount_format(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return amount_format(Money(value, self.currency))
        return value

    def to_python(self, value) -> Money | None:
        if isinstance(value, Money):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        return money_parse(str(value), self.currency)

    def validate(self, value) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value.minor_units < self.min_value:
            raise ValidationError(
                AMOUNT_TOO_SMALL,
                code="min_value",
                params={"minimum": money_format(Money(self.min_value, self.currency))},
            )
        if self.max_value is not None and value.minor_units > self.max_value:
            raise ValidationError(
                AMOUNT_TOO_LARGE,
                code="max_value",
                params={"maximum": money_format(Money(self.max_value, self.currency))},
            )

    def has_changed(self, initial, data) -> bool:
        try:
            initial_value = self.to_python(self.prepare_value(initial))
            data_value = self.to_python(data)
        except ValidationError:
            return True
        return initial_value != data_value
