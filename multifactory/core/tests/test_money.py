"""Money: integer minor units of an ISO 4217 currency, with the currency's own
number of decimals, read and written in the person's locale."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from multifactory.core import money
from multifactory.core.money import CurrencyMismatch, Money, MoneyField

NBSP = "\xa0"


def test_the_exponent_comes_from_the_currency():
    assert Money(123456, "EUR").to_decimal() == Decimal("1234.56")
    assert Money(1234, "JPY").to_decimal() == Decimal("1234")
    assert Money(1234567, "KWD").to_decimal() == Decimal("1234.567")


def test_it_holds_integers_only_and_known_currencies():
    with pytest.raises(TypeError):
        Money(12.5, "EUR")
    with pytest.raises(TypeError):
        Money(True, "EUR")
    with pytest.raises(ValueError):
        Money(1, "XYZ")


def test_it_is_immutable():
    amount = Money(100, "EUR")
    with pytest.raises(AttributeError):
        amount.minor_units = 5


def test_arithmetic_is_only_between_amounts_of_one_currency():
    assert Money(150, "EUR") + Money(250, "EUR") == Money(400, "EUR")
    assert Money(150, "EUR") - Money(250, "EUR") == Money(-100, "EUR")
    assert Money(150, "EUR") * 3 == 3 * Money(150, "EUR") == Money(450, "EUR")
    assert Money(1, "EUR") < Money(2, "EUR")
    with pytest.raises(CurrencyMismatch):
        Money(1, "EUR") + Money(1, "CHF")
    with pytest.raises(CurrencyMismatch):
        assert Money(1, "EUR") < Money(2, "CHF")
    with pytest.raises(TypeError):
        Money(1, "EUR") * 1.5
    with pytest.raises(TypeError):
        Money(1, "EUR") + 1


@pytest.mark.parametrize(
    ("amount", "locale", "text"),
    [
        (Money(123456, "EUR"), "it", f"1.234,56{NBSP}€"),
        (Money(123456, "EUR"), "en", "€1,234.56"),
        (Money(1234, "JPY"), "en", "¥1,234"),
        (Money(1234, "JPY"), "it", f"1.234{NBSP}JPY"),
        (Money(1234567, "KWD"), "en", "KWD\xa01,234.567"),
        (Money(-50, "EUR"), "it", f"-0,50{NBSP}€"),
    ],
)
def test_it_is_written_in_the_persons_locale(amount, locale, text):
    assert money.money_format(amount, locale) == text


def test_the_effects_old_formatting_was_wrong_for_currencies_without_cents():
    """`amount // 100` showed 1234 yen as 12.34: the exponent comes from JPY now."""
    assert "12.34" not in money.money_format(Money(1234, "JPY"), "en")


@pytest.mark.parametrize(
    ("text", "locale", "amount"),
    [
        ("1.234,56", "it", Money(123456, "EUR")),
        ("1234,5", "it", Money(123450, "EUR")),
        ("1.234,56 €", "it", Money(123456, "EUR")),
        ("1,234.56", "en", Money(123456, "EUR")),
        ("€ 12", "en", Money(1200, "EUR")),
        ("1250.50", "en", Money(125050, "EUR")),
        ("1.234", "it", Money(1234, "JPY")),
        ("1,234.567", "en", Money(1234567, "KWD")),
    ],
)
def test_it_is_read_in_the_persons_locale(text, locale, amount):
    assert money.money_parse(text, amount.currency, locale) == amount


@pytest.mark.parametrize(
    ("text", "currency", "locale", "message"),
    [
        ("12,345", "EUR", "it", money.TOO_MANY_DECIMALS),
        ("0.005", "EUR", "en", money.TOO_MANY_DECIMALS),
        ("12.5", "JPY", "en", money.NO_DECIMALS),
        ("1.2345", "KWD", "en", money.TOO_MANY_DECIMALS),
        ("abc", "EUR", "en", money.NOT_AN_AMOUNT),
        ("1.234,56", "EUR", "en", money.NOT_AN_AMOUNT),
        ("€", "EUR", "en", money.NOT_AN_AMOUNT),
        ("NaN", "EUR", "en", money.NOT_AN_AMOUNT),
        ("1e400", "EUR", "en", money.NOT_AN_AMOUNT),
    ],
)
def test_it_refuses_what_is_not_an_amount_of_the_currency(
    text, currency, locale, message
):
    with pytest.raises(ValidationError) as refused:
        money.money_parse(text, currency, locale)
    assert refused.value.message == message


def test_the_decimals_message_says_what_to_write():
    with translation.override("it"):
        with pytest.raises(ValidationError) as refused:
            money.money_parse("12,345", "EUR")
        text = refused.value.messages[0]
    assert "al massimo 2 decimali" in text and "1.234,56" in text


AMOUNTS = st.integers(min_value=-(10**11), max_value=10**11)


@pytest.mark.parametrize("locale", ["it", "en"])
@pytest.mark.parametrize("currency", ["JPY", "EUR", "KWD"])
@given(minor_units=AMOUNTS)
def test_an_amount_written_for_a_person_reads_back_the_same(
    locale, currency, minor_units
):
    amount = Money(minor_units, currency)
    assert money.money_parse(money.money_format(amount, locale), currency, locale) == (
        amount
    )
    assert money.money_parse(money.amount_format(amount, locale), currency, locale) == (
        amount
    )


class PriceForm(forms.Form):
    price = MoneyField(currency="EUR", max_value=10_000_000)


class TestMoneyField:
    def test_people_type_major_units_in_their_locale(self):
        with translation.override("it"):
            form = PriceForm({"price": "1.234,56"})
            assert form.is_valid(), form.errors
        assert form.cleaned_data["price"] == Money(123456, "EUR")
        with translation.override("en"):
            form = PriceForm({"price": "1,234.56"})
            assert form.is_valid(), form.errors
        assert form.cleaned_data["price"] == Money(123456, "EUR")

    def test_it_refuses_more_decimals_than_the_currency_has_keeping_the_input(self):
        with translation.override("en"):
            form = PriceForm({"price": "12.345"})
            assert not form.is_valid()
            assert form.errors["price"] == [
                "An amount in EUR has at most 2 decimals: write for example 1,234.56."
            ]
            assert 'value="12.345"' in str(form["price"])

    def test_it_refuses_a_negative_or_too_large_amount(self):
        with translation.override("en"):
            assert PriceForm({"price": "-1"}).errors["price"] == [
                "Write an amount of at least €0.00."
            ]
            assert PriceForm({"price": "100001"}).errors["price"] == [
                "Write an amount of at most €100,000.00."
            ]

    def test_it_shows_a_stored_amount_as_a_person_types_it(self):
        with translation.override("it"):
            form = PriceForm(initial={"price": 123456})
            assert 'value="1.234,56"' in str(form["price"])


def test_the_template_filter_writes_minor_units_in_the_persons_locale():
    template = Template(
        "{% load multifactory %}{{ cost|money:'EUR' }} {{ amount|money }}"
    )
    with translation.override("it"):
        text = template.render(Context({"cost": 150000, "amount": Money(1234, "JPY")}))
    assert text == f"1.500,00{NBSP}€ 1.234{NBSP}JPY"


def test_the_api_sends_minor_units_and_the_currency():
    from multifactory.api.fields import MoneyOut

    assert MoneyOut.from_money(Money(123456, "EUR")).model_dump() == {
        "minor_units": 123456,
        "currency": "EUR",
    }


def test_a_money_field_refuses_what_no_column_holds_even_without_a_maximum():
    """A huge deposit once overflowed the database: a form error, not a 500."""
    field = MoneyField(currency="EUR")
    with pytest.raises(ValidationError) as error:
        field.clean("99999999999")
    assert error.value.code == "max_value"
