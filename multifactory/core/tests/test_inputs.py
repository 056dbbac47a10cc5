"""Reading input strictly (core.inputs) and telling a person about a lost race
without the database's own words (core.services.save_validated)."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from multifactory.community.models import Organization
from multifactory.core import inputs
from multifactory.core.services import CONFLICTS_WITH_EXISTING, save_validated

NOT_IDS = [
    "",
    " 1",
    "1 ",
    "+1",
    "-1",
    "0",
    "1.0",
    "1e3",
    "0x10",
    "²",
    "1²",
    "٣",
    "１",
    "9223372036854775808",
    "99999999999999999999999",
    "1" * 5000,
    "a\x00",
    None,
    ["1"],
]


@pytest.mark.parametrize("text", NOT_IDS)
def test_only_ascii_digits_in_range_are_a_row_id(text):
    assert inputs.row_id(text) is None


@pytest.mark.parametrize(
    ("text", "number"), [("1", 1), ("007", 7), ("9223372036854775807", 2**63 - 1)]
)
def test_a_row_id_is_read(text, number):
    assert inputs.row_id(text) == number


def test_several_ids_are_refused_together_when_one_is_not_an_id():
    assert inputs.row_ids(["1", "2"]) == [1, 2]
    assert inputs.row_ids(["1", "²"]) is None
    assert inputs.row_ids([]) == []


def test_the_superscript_two_is_a_digit_to_python_but_not_a_number_here():
    assert "²".isdigit()  # why str.isdigit() is not enough
    assert inputs.ascii_int("²") is None
    assert inputs.ascii_int("2026", low=1, high=9999) == 2026
    assert inputs.ascii_int("10000", low=1, high=9999) is None


@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(1899, 12, 31), date(3000, 1, 1), date(9999, 12, 31)]
)
def test_days_the_calendar_arithmetic_cannot_reach_are_refused(day):
    with pytest.raises(ValidationError) as error:
        inputs.validate_day(day)
    assert error.value.messages == [str(inputs.DAY_OUT_OF_RANGE)]


def test_days_of_a_real_workplace_are_accepted():
    inputs.validate_day(date(1900, 1, 1))
    inputs.validate_day(datetime(2999, 12, 31, 23, 59))


@pytest.mark.django_db
def _twin_of(company: Organization, monkeypatch) -> Organization:
    """A company saved as if another request had committed the same slug between
    its checks and its insert: full_clean saw no duplicate."""
    twin = Organization(
        multifactory=company.multifactory,
        name=company.name,
        slug=company.slug,
        kind="artisan",
        sector="C",
        stage="growing",
    )
    monkeypatch.setattr(twin, "full_clean", lambda *args, **kwargs: None)
    return twin


def test_a_lost_race_names_the_rule_and_never_shows_the_database_text(
    world, monkeypatch
):
    """A race response once showed "UNIQUE constraint failed: …" to a person."""
    twin = _twin_of(world.company, monkeypatch)

    with pytest.raises(ValidationError) as error:
        save_validated(twin)

    messages = " ".join(error.value.messages)
    # The model's own constraint, in its own words.
    assert "Another company of this multifactory already uses this address." in (
        error.value.messages
    )
    for leak in ("UNIQUE", "constraint failed", "duplicate key", "community_"):
        assert leak not in messages


def test_a_lost_race_no_rule_explains_says_what_to_do(world, monkeypatch):
    twin = _twin_of(world.company, monkeypatch)
    monkeypatch.setattr(twin, "validate_unique", lambda *args, **kwargs: None)
    monkeypatch.setattr(twin, "validate_constraints", lambda *args, **kwargs: None)

    with pytest.raises(ValidationError) as error:
        save_validated(twin)

    assert error.value.code == "conflict"
    assert error.value.messages == [str(CONFLICTS_WITH_EXISTING)]
