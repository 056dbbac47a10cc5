"""Hostile and careless input to the place's pages and API answers a form error, a
404 or a 4xx in the API's error format: never a server error (issue 7, finding 7).

The tables below are the inputs tried; each row failed with a 500 on the main branch
of 30 November 2026 or guards a neighbour of one that did."""

from datetime import UTC, timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from multifactory.api.fields import NAIVE_DATETIME
from multifactory.api.testing import ApiClient, error_of
from multifactory.core.inputs import DAY_OUT_OF_RANGE
from multifactory.core.services import CONFLICTS_WITH_EXISTING
from multifactory.place import forms
from multifactory.place.models import Booking, CalendarFeed
from multifactory.place.tests.conftest import rome

MF = "/api/v1/m/r84-test/place"
FUTURE = (timezone.now() + timedelta(days=14)).astimezone(UTC).date()
TUESDAY = FUTURE - timedelta(days=FUTURE.weekday()) + timedelta(days=1)


def at(hour: int):
    return rome(TUESDAY.year, TUESDAY.month, TUESDAY.day, hour)


def naive(hour: int) -> str:
    return at(hour).replace(tzinfo=None).isoformat()


def url(name: str, world, **kwargs) -> str:
    name = name if ":" in name else f"place:{name}"
    return reverse(name, kwargs={"mf": world.multifactory.slug, **kwargs})


@pytest.fixture
def keeper(world):
    """The founder holds every mandate, the keys keeper's among them."""
    return world.client_for(world.founder)


# The API: times without a UTC offset are refused, naming the field ---------------


class TestTimesWithoutAnOffset:
    def booking(self, world, place, start, end):
        return {
            "resource": place.room.slug,
            "organization": world.company.slug,
            "start": start,
            "end": end,
        }

    def test_a_booking_without_an_offset_is_refused_with_422_on_the_field(
        self, world, place
    ):
        response = ApiClient(world.owner).post(
            f"{MF}/bookings",
            self.booking(world, place, naive(10), at(11).isoformat()),
        )

        assert response.status_code == 422
        assert error_of(response)["fields"] == {"start": [str(NAIVE_DATETIME)]}
        assert not Booking.objects.exists()

    def test_a_series_without_an_offset_is_refused(self, world, place):
        body = self.booking(world, place, at(10).isoformat(), naive(11))
        body |= {"frequency": "weekly", "count": 2}

        response = ApiClient(world.owner).post(f"{MF}/series", body)

        assert response.status_code == 422
        assert error_of(response)["fields"] == {"end": [str(NAIVE_DATETIME)]}

    def test_a_move_without_an_offset_is_refused(self, world, place):
        api = ApiClient(world.owner)
        created = api.post(
            f"{MF}/bookings",
            self.booking(world, place, at(10).isoformat(), at(11).isoformat()),
        )
        assert created.status_code == 201, created.json()

        response = api.post(
            f"{MF}/bookings/{created.json()['id']}/move",
            {"start": naive(12), "end": naive(13)},
        )

        assert response.status_code == 422
        assert set(error_of(response)["fields"]) == {"start", "end"}

    @pytest.mark.parametrize(
        "path", ["availability", "resources/meeting-room/bookings"]
    )
    def test_a_window_without_an_offset_is_refused(self, world, place, path):
        response = ApiClient(world.member).get(
            f"{MF}/{path}", start=naive(10), end=at(12).isoformat()
        )

        assert response.status_code == 422
        assert error_of(response)["fields"] == {"start": [str(NAIVE_DATETIME)]}

    def test_the_document_says_an_offset_is_needed(self, world):
        document = ApiClient(world.member).get("/api/v1/openapi.json").json()
        booking = document["components"]["schemas"]["BookingIn"]["properties"]

        assert "UTC offset" in booking["start"]["description"]
        assert "refused" in booking["end"]["description"]

    def test_a_time_with_its_offset_is_booked_at_that_instant(self, world, place):
        response = ApiClient(world.owner).post(
            f"{MF}/bookings",
            self.booking(
                world,
                place,
                at(10).astimezone(UTC).isoformat().replace("+00:00", "Z"),
                at(11).isoformat(),
            ),
        )

        assert response.status_code == 201, response.json()
        assert Booking.objects.get().start == at(10)


# Dates the calendar arithmetic cannot handle --------------------------------------

EDGE_MOMENTS = [
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "1899-12-31T23:00:00Z",
    "3000-01-01T00:00:00Z",
]


@pytest.mark.parametrize("moment", EDGE_MOMENTS)
@pytest.mark.parametrize("operation", ["bookings", "series", "availability"])
def test_times_at_the_edges_of_the_calendar_are_refused_with_422(
    world, place, moment, operation
):
    api = ApiClient(world.owner)
    body = {
        "resource": place.room.slug,
        "organization": world.company.slug,
        "start": moment,
        "end": moment,
        "frequency": "weekly",
        "count": 2,
    }
    if operation == "availability":
        response = api.get(f"{MF}/availability", start=moment, end=moment)
    else:
        response = api.post(f"{MF}/{operation}", body)

    assert response.status_code == 422
    assert error_of(response)["fields"]["start"] == [str(DAY_OUT_OF_RANGE)]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_units_day_at_the_edge_of_the_calendar_is_refused(world, place, day):
    response = ApiClient(world.member).get(f"{MF}/units", on=day)

    assert response.status_code == 422
    assert error_of(response)["fields"] == {"on": [str(DAY_OUT_OF_RANGE)]}


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "0001-01-02"])
@pytest.mark.parametrize("page", ["week_all", "week"])
def test_a_week_at_the_edge_of_the_calendar_is_not_found(world, place, week, page):
    kwargs = {"slug": place.room.slug} if page == "week" else {}

    response = world.client_for(world.member).get(
        url(page, world, **kwargs), {"week": week}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("week", ["", "abc", "²026-01-01", "2027-02-30", "٢٠٢٧-٠٣-٠١"])
def test_a_week_that_is_not_a_date_shows_this_week(world, place, week):
    response = world.client_for(world.member).get(
        url("week_all", world), {"week": week}
    )

    assert response.status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_booking_form_with_a_day_out_of_range_says_which_dates_work(
    world, place, day
):
    response = world.client_for(world.owner).post(
        url("week", world, slug=place.room.slug),
        {
            "day": day,
            "start_time": "23:00",
            "end_time": "00:00",
            "organization": world.company.pk,
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["day"] == [str(DAY_OUT_OF_RANGE)]
    assert not Booking.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_availability_for_a_day_out_of_range_is_a_form_error(world, place, day):
    response = world.client_for(world.member).get(
        url("availability", world),
        {"day": day, "start_time": "23:00", "end_time": "00:00"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["day"] == [str(DAY_OUT_OF_RANGE)]


# The rules form: opening hours as typed by a person -------------------------------


def rule_post(place, opening: str) -> dict:
    rule = place.room.rule
    return {
        "slot_minutes": rule.slot_minutes,
        "min_minutes": rule.min_minutes,
        "max_minutes": rule.max_minutes,
        "window_days": rule.window_days,
        "buffer_minutes": rule.buffer_minutes,
        "approver": rule.approver,
        "cancel_hours": rule.cancel_hours,
        "who": rule.who,
        "opening": opening,
    }


@pytest.mark.parametrize(
    ("opening", "message"),
    [
        ("7 08:00 20:00", forms.OPENING_WEEKDAY),
        ("9 08:00 20:00", forms.OPENING_WEEKDAY),
        ("-1 08:00 20:00", forms.OPENING_LINE_FORMAT),
        ("² 08:00 20:00", forms.OPENING_LINE_FORMAT),
        ("٣ 08:00 20:00", forms.OPENING_LINE_FORMAT),
        ("0 ٠٨:٠٠ 20:00", forms.OPENING_LINE_FORMAT),
        ("0 25:00 26:00", forms.OPENING_TIMES),
        ("0 08:60 20:00", forms.OPENING_TIMES),
        ("0 20:00 08:00", forms.OPENING_TIMES),
        ("0 08:00 08:00", forms.OPENING_TIMES),
        ("0 08:00 24:30", forms.OPENING_TIMES),
        ("0 8 20", forms.OPENING_LINE_FORMAT),
        ("0 08:00", forms.OPENING_LINE_FORMAT),
        ("0 08:00 20:00 21:00", forms.OPENING_LINE_FORMAT),
        ("Monday 08:00 20:00", forms.OPENING_LINE_FORMAT),
        ("0 99999999999999999999:00 20:00", forms.OPENING_LINE_FORMAT),
        ("0 08:00 20:00\n7 08:00 20:00", forms.OPENING_WEEKDAY),
    ],
)
def test_opening_hours_the_rules_cannot_hold_are_a_form_error(
    world, place, keeper, opening, message
):
    response = keeper.post(
        url("rule_edit", world, slug=place.room.slug), rule_post(place, opening)
    )

    assert response.status_code == 400
    line = opening.count("\n") + 1
    assert response.context["form"].errors["opening"] == [
        str(message) % {"number": line}
    ]
    # The person's text is kept in the form.
    assert response.context["form"]["opening"].value() == opening
    assert place.room.rule.opening_hours.count() == 6


def test_well_typed_opening_hours_are_saved(world, place, keeper):
    response = keeper.post(
        url("rule_edit", world, slug=place.room.slug),
        rule_post(place, "0 08:00 20:00\n\n6 9:30 24:00"),
    )

    assert response.status_code == 302
    assert list(
        place.room.rule.opening_hours.values_list(
            "weekday", "opens_minute", "closes_minute"
        )
    ) == [(0, 480, 1200), (6, 570, 1440)]


# Ids that are not ids, in forms and query strings ---------------------------------

HOSTILE_IDS = ["abc", "²", "٣", "-1", "0", "1.5", "99999999999999999999999", ""]


@pytest.mark.parametrize("field", ["resource", "organization"])
def test_a_feed_for_a_hostile_id_is_refused_politely(world, place, field):
    client = world.client_for(world.owner)
    for value in HOSTILE_IDS:
        response = client.post(url("feeds", world), {"scope": field, field: value})

        assert response.status_code == 200, value
    assert not CalendarFeed.objects.filter(person=world.owner).exists()


@pytest.mark.parametrize(
    "field", ["organization", "count", "day", "start_time", "until", "repeat"]
)
def test_a_booking_form_with_a_hostile_value_is_a_form_error(world, place, field):
    client = world.client_for(world.owner)
    for value in HOSTILE_IDS:
        post = {
            "day": TUESDAY.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "organization": world.company.pk,
            "repeat": "weekly",
            "count": "2",
        }
        post[field] = value

        response = client.post(url("week", world, slug=place.room.slug), post)

        # An empty count or repeat is a valid single booking.
        assert response.status_code in {302, 400}, value
        if response.status_code == 400:
            assert response.context["form"].errors, value


@pytest.mark.parametrize("field", ["companies", "doors"])
def test_a_multiple_choice_of_ids_beyond_64_bits_is_a_form_error(
    world, place, keeper, field
):
    if field == "companies":
        address = url("care:rota_create", world)
        post = {"name": "Bins", "starts_on": TUESDAY.isoformat(), "period_days": 7}
    else:
        address = url("doors:controller_create", world)
        post = {"name": "Front door"}
    for value in ["99999999999999999999", "-1", "²", "abc"]:
        response = keeper.post(address, post | {field: [value]})

        assert response.status_code == 400, value


def test_a_booking_that_loses_a_race_on_another_constraint_says_what_to_do(
    world, place, monkeypatch
):
    """The database's text ("CHECK constraint failed: …") never reaches a person."""

    def lose_the_race(*args, **kwargs):
        raise IntegrityError("CHECK constraint failed: place_booking_secret_name")

    monkeypatch.setattr(Booking, "save", lose_the_race)

    response = world.client_for(world.owner).post(
        url("week", world, slug=place.room.slug),
        {
            "day": TUESDAY.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "organization": world.company.pk,
        },
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [str(CONFLICTS_WITH_EXISTING)]
    assert "place_booking" not in response.content.decode()
