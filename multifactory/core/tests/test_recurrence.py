"""Recurrence rules (RFC 5545 RRULE through python-dateutil): monthly rules, the
first Sunday of the month, days left out, the local time kept across the Europe/Rome
daylight-saving changes, and a bound on how many occurrences a rule may produce."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from multifactory.core import recurrence
from multifactory.core.recurrence import Frequency

ROME = ZoneInfo("Europe/Rome")


def rome(*args) -> datetime:
    return datetime(*args, tzinfo=ROME)


def expand(frequency, start, end, *, skip=(), limit=200, **kwargs):
    rule = recurrence.build_rule(
        frequency=frequency, first_start=start, zone=ROME, limit=limit, **kwargs
    )
    return rule, recurrence.occurrences(
        rule, first_start=start, first_end=end, zone=ROME, skip=skip, limit=limit
    )


def local(times):
    return [(s.astimezone(ROME), e.astimezone(ROME)) for s, e in times]


def test_a_weekly_rule_keeps_10_oclock_over_the_last_sunday_of_march():
    """28 March 2027: clocks go from 02:00 to 03:00 in Rome."""
    rule, times = expand(
        Frequency.WEEKLY, rome(2027, 3, 21, 10), rome(2027, 3, 21, 11), count=2
    )
    assert rule == "FREQ=WEEKLY;INTERVAL=1;COUNT=2"
    assert [s for s, _ in times] == [
        datetime(2027, 3, 21, 9, tzinfo=UTC),  # CET, UTC+1
        datetime(2027, 3, 28, 8, tzinfo=UTC),  # CEST, UTC+2
    ]


def test_a_daily_rule_keeps_its_hours_over_the_last_sunday_of_october():
    """31 October 2027: clocks go back from 03:00 to 02:00 in Rome."""
    _rule, times = expand(
        Frequency.DAILY,
        rome(2027, 10, 30, 9),
        rome(2027, 10, 30, 17),
        until=date(2027, 11, 1),
    )
    assert [(s.hour, e.hour) for s, e in local(times)] == [(9, 17)] * 3
    assert [s.utcoffset() for s, _ in local(times)] == [
        timedelta(hours=2),
        timedelta(hours=1),
        timedelta(hours=1),
    ]


def test_an_occurrence_across_the_night_of_the_change_keeps_its_wall_clock_times():
    """22:00–06:00 lasts 9 hours on the night clocks go back, and is still 22–06."""
    _rule, times = expand(
        Frequency.DAILY, rome(2027, 10, 30, 22), rome(2027, 10, 31, 6), count=2
    )
    (s1, e1), (s2, e2) = local(times)
    assert (s1.hour, e1.hour, s2.hour, e2.hour) == (22, 6, 22, 6)
    assert times[0][1] - times[0][0] == timedelta(hours=9)  # in UTC


def test_a_monthly_rule_on_the_first_sunday():
    rule, times = expand(
        Frequency.MONTHLY_WEEKDAY,
        rome(2027, 3, 7, 10),  # the first Sunday of March 2027
        rome(2027, 3, 7, 12),
        count=4,
    )
    assert rule == "FREQ=MONTHLY;BYDAY=1SU;INTERVAL=1;COUNT=4"
    assert [s.date() for s, _ in local(times)] == [
        date(2027, 3, 7),
        date(2027, 4, 4),
        date(2027, 5, 2),
        date(2027, 6, 6),
    ]
    assert {s.hour for s, _ in local(times)} == {10}


def test_a_fifth_weekday_of_the_month_means_the_last_one():
    rule, times = expand(
        Frequency.MONTHLY_WEEKDAY, rome(2027, 3, 29, 18), rome(2027, 3, 29, 19), count=2
    )
    assert "BYDAY=-1MO" in rule
    assert [s.date() for s, _ in local(times)] == [date(2027, 3, 29), date(2027, 4, 26)]


def test_a_monthly_rule_on_the_same_date():
    rule, times = expand(
        Frequency.MONTHLY,
        rome(2027, 1, 15, 9),
        rome(2027, 1, 15, 10),
        interval=2,
        until=date(2027, 7, 15),
    )
    assert rule.startswith("FREQ=MONTHLY;BYMONTHDAY=15;INTERVAL=2;UNTIL=")
    assert [s.date().month for s, _ in local(times)] == [1, 3, 5, 7]


def test_days_left_out_are_not_booked_and_must_be_days_of_the_series():
    _rule, times = expand(
        Frequency.WEEKLY,
        rome(2027, 4, 5, 10),
        rome(2027, 4, 5, 11),
        count=3,
        skip=[date(2027, 4, 12)],
    )
    assert [s.date() for s, _ in local(times)] == [date(2027, 4, 5), date(2027, 4, 19)]
    with pytest.raises(ValidationError) as refused:
        expand(
            Frequency.WEEKLY,
            rome(2027, 4, 5, 10),
            rome(2027, 4, 5, 11),
            count=3,
            skip=[date(2027, 4, 13)],
        )
    assert refused.value.message_dict["skip"] == [
        str(recurrence.NOT_AN_OCCURRENCE % {"day": "2027-04-13"})
    ]


def test_a_rule_that_would_go_past_the_limit_is_refused_not_cut_short():
    with pytest.raises(ValidationError) as refused:
        expand(
            Frequency.DAILY,
            rome(2027, 1, 1, 9),
            rome(2027, 1, 1, 10),
            until=date(2099, 1, 1),
            limit=200,
        )
    assert refused.value.message_dict["until"] == [
        str(recurrence.TOO_MANY % {"max": 200})
    ]


def test_a_stored_rule_reads_back_as_what_people_chose():
    start = rome(2027, 3, 7, 10)
    rule = recurrence.build_rule(
        frequency=Frequency.MONTHLY_WEEKDAY,
        first_start=start,
        zone=ROME,
        interval=3,
        until=date(2028, 3, 7),
        limit=200,
    )
    assert recurrence.pattern(rule, first_start=start, zone=ROME) == (
        recurrence.Pattern("monthly_weekday", 3, None, date(2028, 3, 7))
    )


DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    day=DAYS,
    hour=st.integers(min_value=0, max_value=23),
    frequency=st.sampled_from(Frequency.values),
    interval=st.integers(min_value=1, max_value=52),
    count=st.integers(min_value=1, max_value=60),
)
def test_every_occurrence_keeps_the_first_ones_wall_clock_time_and_rule_count(
    day, hour, frequency, interval, count
):
    start = datetime(day.year, day.month, day.day, hour, 30, tzinfo=ROME)
    if start.astimezone(UTC).astimezone(ROME).hour != hour:
        return  # the first start itself does not exist in Rome
    _rule, times = expand(
        frequency, start, start + timedelta(hours=1), count=count, interval=interval
    )
    assert len(times) == count
    starts = [s for s, _ in times]
    assert starts == sorted(set(starts))
    assert starts[0] == start.astimezone(UTC)
    for s, e in local(times):
        wall = datetime.combine(s.date(), time(hour, 30))
        if exists(wall):
            assert s.replace(tzinfo=None) == wall
        else:  # 02:30 on the last Sunday of March does not exist: 03:30 instead
            assert s.replace(tzinfo=None) == wall + timedelta(hours=1)
        if exists(wall + timedelta(hours=1)):
            assert e.replace(tzinfo=None) == wall + timedelta(hours=1)


def exists(wall: datetime) -> bool:
    """Whether this wall-clock time happens in Rome (not in the spring-forward gap)."""
    back = wall.replace(tzinfo=ROME).astimezone(UTC).astimezone(ROME)
    return back.replace(tzinfo=None) == wall


@settings(max_examples=40, deadline=None)
@given(
    day=DAYS,
    frequency=st.sampled_from(Frequency.values),
    count=st.integers(min_value=2, max_value=30),
    data=st.data(),
)
def test_leaving_days_out_removes_exactly_those_days(day, frequency, count, data):
    start = datetime(day.year, day.month, day.day, 10, tzinfo=ROME)
    _rule, every = expand(frequency, start, start + timedelta(hours=1), count=count)
    days = [s.astimezone(ROME).date() for s, _ in every]
    skip = data.draw(st.sets(st.sampled_from(days), max_size=len(days) - 1))
    _rule, kept = expand(
        frequency, start, start + timedelta(hours=1), count=count, skip=skip
    )
    assert kept == [(s, e) for s, e in every if s.astimezone(ROME).date() not in skip]
