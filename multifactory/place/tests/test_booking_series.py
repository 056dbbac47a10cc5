"""Booking series from RFC 5545 rules: monthly on a date or on a weekday ("the first
Saturday"), days left out, the local time across Rome's daylight-saving changes, the
form with plain labels, the API, the same rule in the iCal feeds, and the series
booked before rules were stored as RRULEs."""

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from multifactory.api.testing import ApiClient
from multifactory.place import services
from multifactory.place.models import Booking, BookingSeries, BookingStatus
from multifactory.place.tests.conftest import NOW, rome


def series(world, resource, start, end, *, now=NOW, **kwargs) -> BookingSeries:
    return services.booking_series_create(
        by=world.owner,
        resource=resource,
        organization=world.company,
        start=start,
        end=end,
        now=now,
        **kwargs,
    )


def local_starts(booked: BookingSeries) -> list[datetime]:
    zone = booked.multifactory.zone
    return [b.start.astimezone(zone) for b in booked.occurrences.order_by("start")]


# The service ------------------------------------------------------------------------


def test_a_monthly_series_books_the_first_saturday_of_each_month(world, place):
    """3 April 2027 is the first Saturday of April; the room opens 09–13 then."""
    booked = series(
        world,
        place.room,
        rome(2027, 4, 3, 10),
        rome(2027, 4, 3, 11),
        frequency="monthly_weekday",
        count=2,
    )
    assert [s.date() for s in local_starts(booked)] == [
        date(2027, 4, 3),
        date(2027, 5, 1),
    ]
    assert booked.rule == "FREQ=MONTHLY;BYDAY=1SA;INTERVAL=1;COUNT=2"
    assert (booked.frequency, booked.count) == ("monthly_weekday", 2)


def test_a_monthly_series_books_the_same_date_of_each_month(world, place):
    booked = series(
        world,
        place.room,
        rome(2027, 3, 24, 10),
        rome(2027, 3, 24, 11),
        frequency="monthly",
        count=2,
    )
    assert [s.date() for s in local_starts(booked)] == [
        date(2027, 3, 24),
        date(2027, 4, 24),
    ]


def test_a_weekly_series_keeps_10_oclock_over_the_last_sunday_of_october(world, place):
    october = datetime(2027, 10, 20, 8, tzinfo=UTC)
    booked = series(
        world,
        place.room,
        rome(2027, 10, 25, 10),
        rome(2027, 10, 25, 11),
        frequency="weekly",
        count=2,
        now=october,
    )
    assert [b.start for b in booked.occurrences.order_by("start")] == [
        datetime(2027, 10, 25, 8, tzinfo=UTC),  # CEST, UTC+2
        datetime(2027, 11, 1, 9, tzinfo=UTC),  # CET, UTC+1
    ]


def test_days_left_out_are_not_booked_and_are_kept_on_the_series(world, place):
    booked = series(
        world,
        place.room,
        rome(2027, 3, 23, 10),
        rome(2027, 3, 23, 11),
        frequency="weekly",
        count=3,
        skip=[date(2027, 3, 30)],
    )
    assert [s.date() for s in local_starts(booked)] == [
        date(2027, 3, 23),
        date(2027, 4, 6),
    ]
    assert booked.skipped == [date(2027, 3, 30)]


def test_a_day_left_out_that_is_not_in_the_series_is_refused(world, place):
    with pytest.raises(ValidationError) as refused:
        series(
            world,
            place.room,
            rome(2027, 3, 23, 10),
            rome(2027, 3, 23, 11),
            frequency="weekly",
            count=3,
            skip=[date(2027, 3, 31)],
        )
    assert refused.value.messages == [
        str(services.RECURRENCE_NOT_AN_OCCURRENCE % {"day": "2027-03-31"})
    ]
    assert not Booking.objects.exists()


def test_a_rule_past_the_series_limit_is_refused_with_its_limit(world, place):
    with pytest.raises(ValidationError) as refused:
        series(
            world,
            place.room,
            rome(2027, 3, 23, 10),
            rome(2027, 3, 23, 11),
            frequency="monthly",
            until=date(2047, 1, 1),
        )
    assert refused.value.messages == [
        str(services.RECURRENCE_TOO_MANY % {"max": services.MAX_OCCURRENCES})
    ]


# The page and the API ---------------------------------------------------------------

FUTURE = (timezone.now() + timedelta(days=14)).astimezone(UTC).date()
TUESDAY = FUTURE - timedelta(days=FUTURE.weekday()) + timedelta(days=1)


def week_url(world, place) -> str:
    return reverse(
        "place:week", kwargs={"mf": world.multifactory.slug, "slug": place.room.slug}
    )


def test_the_form_offers_monthly_repeats_in_plain_words(world, place):
    page = world.client_for(world.member).get(week_url(world, place)).text
    assert "Monthly, on the same weekday (e.g. the first Sunday)" in page
    assert "FREQ=" not in page


def test_the_form_books_a_monthly_series_without_the_days_left_out(world, place):
    response = world.client_for(world.owner).post(
        week_url(world, place),
        {
            "day": TUESDAY.isoformat(),
            "start_time": "09:00",
            "end_time": "10:00",
            "organization": world.company.pk,
            "repeat": "weekly",
            "count": 3,
            "skip": (TUESDAY + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302, response.text
    assert Booking.objects.count() == 2


def test_the_form_keeps_a_bad_day_to_leave_out_and_says_how_to_write_it(world, place):
    response = world.client_for(world.owner).post(
        week_url(world, place),
        {
            "day": TUESDAY.isoformat(),
            "start_time": "09:00",
            "end_time": "10:00",
            "organization": world.company.pk,
            "repeat": "weekly",
            "count": 3,
            "skip": "next tuesday",
        },
    )
    assert response.status_code == 400
    assert "is not a date: write days as YYYY-MM-DD." in response.text
    assert 'value="next tuesday"' in response.text


def test_the_api_books_a_monthly_series_and_shows_its_rule(world, place):
    start = rome(TUESDAY.year, TUESDAY.month, TUESDAY.day, 9)
    response = ApiClient(world.owner).post(
        "/api/v1/m/r84-test/place/series",
        {
            "resource": place.room.slug,
            "organization": world.company.slug,
            "start": start.isoformat(),
            "end": (start + timedelta(hours=1)).isoformat(),
            "frequency": "weekly",
            "count": 2,
            "skip": [(TUESDAY + timedelta(days=7)).isoformat()],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["rrule"] == "FREQ=WEEKLY;INTERVAL=1;COUNT=2"
    assert body["skip"] == [(TUESDAY + timedelta(days=7)).isoformat()]
    assert len(body["occurrences"]) == 1


# The iCal feed ----------------------------------------------------------------------


def test_the_feed_sends_the_series_rule_with_its_exceptions(world, place):
    start = rome(TUESDAY.year, TUESDAY.month, TUESDAY.day, 9)
    booked = series(
        world,
        place.room,
        start,
        start + timedelta(hours=1),
        frequency="weekly",
        count=4,
        skip=[TUESDAY + timedelta(days=21)],
        now=None,
    )
    first, second, third = booked.occurrences.order_by("start")
    services.booking_cancel(by=world.owner, booking=second)
    services.booking_move(
        by=world.owner,
        booking=third,
        start=third.start + timedelta(hours=2),
        end=third.end + timedelta(hours=2),
    )
    _feed, token = services.calendar_feed_rotate(
        by=world.owner,
        multifactory=world.multifactory,
        scope="organization",
        organization=world.company,
    )
    body = world.client_for(None).get(reverse("place:ical", args=[token])).content
    events = Calendar.from_ical(body).walk("VEVENT")
    [rule_event] = [e for e in events if "RRULE" in e]
    [moved] = [e for e in events if "RRULE" not in e]
    assert str(rule_event["UID"]).startswith(f"series-{booked.pk}@")
    sent = rule_event["RRULE"].to_ical().decode()
    assert set(sent.split(";")) == set(booked.rule.split(";"))  # same rule
    # A calendar that expands the rule shows exactly the time still held.
    dtstart = rule_event.decoded("DTSTART")
    exdates = {
        when.dt for exdate in _list(rule_event.get("EXDATE")) for when in exdate.dts
    }
    shown = [d for d in rrulestr(booked.rule, dtstart=dtstart) if d not in exdates]
    assert [d.astimezone(UTC) for d in shown] == [first.start]
    third.refresh_from_db()
    assert moved.decoded("DTSTART") == third.start  # two hours later than the rule
    assert str(moved["RELATED-TO"]).startswith(f"series-{booked.pk}@")
    assert b"BEGIN:VTIMEZONE" in body and b"TZID:Europe/Rome" in body


def _list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# Series booked before the RRULE ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_series_booked_before_rrules_keep_their_pattern_as_a_rule():
    """Migration 0006 turns daily/weekly, interval, count or until into an RRULE,
    from the first occurrence; the series then reads back the same."""
    executor = MigrationExecutor(connection)
    before = [("place", "0005_key_deposit_returned_gif_photos")]
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    person = apps.get_model("community", "Person").objects.create(
        email="old@example.org", full_name="Old Booker", password="!"
    )
    mf = apps.get_model("community", "Multifactory").objects.create(
        name="Old", slug="old", time_zone="Europe/Rome"
    )
    company = apps.get_model("community", "Organization").objects.create(
        multifactory=mf, name="Old Co", slug="old-co"
    )
    room = apps.get_model("place", "Resource").objects.create(
        multifactory=mf, kind="space", name="Room", slug="room"
    )
    Series = apps.get_model("place", "BookingSeries")
    OldBooking = apps.get_model("place", "Booking")
    weekly = Series.objects.create(
        multifactory=mf,
        resource=room,
        organization=company,
        booked_by=person,
        frequency="weekly",
        interval=2,
        count=2,
    )
    daily = Series.objects.create(
        multifactory=mf,
        resource=room,
        organization=company,
        booked_by=person,
        frequency="daily",
        interval=1,
        until=date(2027, 3, 31),
    )
    for booked, start in [
        (weekly, datetime(2027, 3, 23, 9, tzinfo=UTC)),
        (weekly, datetime(2027, 4, 6, 8, tzinfo=UTC)),
        (daily, datetime(2027, 3, 30, 12, tzinfo=UTC)),
        (daily, datetime(2027, 3, 31, 12, tzinfo=UTC)),
    ]:
        OldBooking.objects.create(
            multifactory=mf,
            resource=room,
            organization=company,
            booked_by=person,
            series=booked,
            start=start,
            end=start + timedelta(hours=1),
            blocked_until=start + timedelta(hours=1),
            status=BookingStatus.CONFIRMED,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(after)

    weekly_now = BookingSeries.objects.get(pk=weekly.pk)
    assert weekly_now.rule == "FREQ=WEEKLY;INTERVAL=2;COUNT=2"
    assert weekly_now.starts_at == datetime(2027, 3, 23, 9, tzinfo=UTC)
    assert (weekly_now.frequency, weekly_now.interval, weekly_now.count) == (
        "weekly",
        2,
        2,
    )
    daily_now = BookingSeries.objects.get(pk=daily.pk)
    assert daily_now.rule == "FREQ=DAILY;INTERVAL=1;UNTIL=20270331T215959Z"
    assert (daily_now.frequency, daily_now.until) == ("daily", date(2027, 3, 31))
    assert Booking.objects.count() == 4
