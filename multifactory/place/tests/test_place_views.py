from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from multifactory.place import rules, services
from multifactory.place.models import Booking, BookingStatus
from multifactory.place.tests.conftest import book as book_at
from multifactory.place.tests.conftest import rome

# The views use the real clock: book in the week after next, a Tuesday.
FUTURE = (timezone.now() + timedelta(days=14)).astimezone(UTC).date()
TUESDAY = FUTURE - timedelta(days=FUTURE.weekday()) + timedelta(days=1)


def at(hour: int, minute: int = 0):
    return rome(TUESDAY.year, TUESDAY.month, TUESDAY.day, hour, minute)


def url(name: str, world, **kwargs) -> str:
    return reverse(f"place:{name}", kwargs={"mf": world.multifactory.slug, **kwargs})


def book(world, resource, start, end, **kwargs):
    """The views use the real clock."""
    return book_at(world, resource, start, end, now=None, **kwargs)


class TestWeekCalendar:
    def test_a_member_sees_the_week_with_bookings_and_free_slots(self, world, place):
        book(
            world,
            place.room,
            at(10),
            at(12),
            by=world.founder,
            organization=world.neighbour,
        )
        response = world.client_for(world.member).get(
            url("week", world, slug=place.room.slug), {"week": TUESDAY.isoformat()}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "10:00–12:00 Studio Due" in page
        assert "#book-form" in page

    def test_an_outsider_and_a_person_of_another_multifactory_are_refused(
        self, world, place
    ):
        address = url("week", world, slug=place.room.slug)
        assert world.client_for(world.outsider).get(address).status_code == 403
        assert world.client_for(world.other).get(address).status_code == 403
        anonymous = world.client_for(None).get(address)
        assert anonymous.status_code == 302

    def test_a_member_books_a_slot_with_the_form(self, world, place):
        response = world.client_for(world.member).post(
            url("week", world, slug=place.room.slug),
            {
                "day": TUESDAY.isoformat(),
                "start_time": "10:00",
                "end_time": "11:30",
                "organization": world.company.pk,
                "title": "Client meeting",
            },
        )
        assert response.status_code == 302
        booking = Booking.objects.get()
        assert booking.start == at(10)
        assert booking.booked_by == world.member

    def test_a_refused_booking_shows_the_rule_that_refused_it(self, world, place):
        response = world.client_for(world.member).post(
            url("week", world, slug=place.room.slug),
            {
                "day": TUESDAY.isoformat(),
                "start_time": "19:00",
                "end_time": "21:00",
                "organization": world.company.pk,
            },
        )
        assert response.status_code == 400
        assert "opening hours" in response.content.decode()
        assert not Booking.objects.exists()

    def test_a_member_cannot_book_for_another_company_through_the_form(
        self, world, place
    ):
        response = world.client_for(world.member).post(
            url("week", world, slug=place.room.slug),
            {
                "day": TUESDAY.isoformat(),
                "start_time": "10:00",
                "end_time": "11:00",
                "organization": world.neighbour.pk,
            },
        )
        assert response.status_code == 400
        assert not Booking.objects.exists()

    def test_the_week_page_runs_the_same_queries_however_many_bookings(
        self, world, place
    ):
        client = world.client_for(world.member)
        address = url("week", world, slug=place.room.slug)

        def fetch():
            return client.get(address, {"week": TUESDAY.isoformat()})

        fetch()  # warm the session
        with CaptureQueriesContext(connection) as few:
            assert fetch().status_code == 200
        for hour in range(8, 19):
            for day in range(4):
                start = at(hour) + timedelta(days=day)
                book(world, place.room, start, start + timedelta(hours=1))
        with CaptureQueriesContext(connection) as many:
            assert fetch().status_code == 200
        assert len(many) == len(few)

    def test_the_week_of_all_resources_runs_the_same_queries(self, world, place):
        client = world.client_for(world.member)
        address = url("week_all", world)

        def fetch():
            return client.get(address, {"week": TUESDAY.isoformat()})

        fetch()
        with CaptureQueriesContext(connection) as few:
            assert fetch().status_code == 200
        for hour in range(8, 18):
            book(world, place.room, at(hour), at(hour + 1))
            book(world, place.unit, at(hour), at(hour + 1))
        with CaptureQueriesContext(connection) as many:
            response = fetch()
        assert len(many) == len(few)
        assert "Atelier Uno" in response.content.decode()


class TestMyBookings:
    def test_it_lists_my_companys_bookings_and_cancels_one(self, world, place):
        booking = book(world, place.room, at(10), at(11))
        client = world.client_for(world.member)
        page = client.get(url("my_bookings", world)).content.decode()
        assert f'id="booking-{booking.pk}"' in page
        response = client.post(url("booking_cancel", world, pk=booking.pk))
        assert response.status_code == 302
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED

    def test_another_company_cannot_cancel_it(self, world, place):
        booking = book(world, place.room, at(10), at(11))
        # The founder is in the neighbour company but also holds the founder mandate;
        # a plain person of another multifactory is refused.
        response = world.client_for(world.other).post(
            url("booking_cancel", world, pk=booking.pk)
        )
        assert response.status_code == 403
        assert (
            world.client_for(world.outsider)
            .post(url("booking_cancel", world, pk=booking.pk))
            .status_code
            == 403
        )
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED

    def test_cancelling_needs_post(self, world, place):
        booking = book(world, place.room, at(10), at(11))
        response = world.client_for(world.owner).get(
            url("booking_cancel", world, pk=booking.pk)
        )
        assert response.status_code == 405

    def test_an_approver_sees_and_approves_pending_bookings(self, world, place):
        services.booking_rule_update(
            by=world.founder, resource=place.room, approval_required=True
        )
        booking = book(world, place.room, at(10), at(11))
        client = world.client_for(world.founder)
        assert (
            "pending-bookings" in client.get(url("my_bookings", world)).content.decode()
        )
        client.post(
            url("booking_decide", world, pk=booking.pk), {"decision": "approve"}
        )
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED


class TestAvailability:
    def test_it_finds_a_room_for_eight_people_free_at_that_time(self, world, place):
        client = world.client_for(world.member)
        query = {
            "day": TUESDAY.isoformat(),
            "start_time": "14:00",
            "end_time": "16:00",
            "capacity": 8,
        }
        found = client.get(url("availability", world), query).context["results"]
        assert found == [place.room]
        book(world, place.room, at(15), at(16))
        response = client.get(url("availability", world), query)
        assert response.context["results"] == []
        assert 'id="no-results"' in response.content.decode()

    def test_it_leaves_out_a_room_that_is_closed_then(self, world, place):
        query = {"day": TUESDAY.isoformat(), "start_time": "20:00", "end_time": "22:00"}
        response = world.client_for(world.member).get(url("availability", world), query)
        # The laser cutter is open 24 hours; the room closes at 20:00.
        assert response.context["results"] == [place.laser]


class TestUnitsAndResources:
    def test_units_show_their_company_and_the_occupancy(self, world, place):
        page = world.client_for(world.member).get(url("units", world)).content.decode()
        assert "Atelier Uno" in page
        assert "160 of 160 m²" in page

    def test_the_resource_page_states_its_rules(self, world, place):
        page = (
            world.client_for(world.member)
            .get(url("resource", world, slug=place.room.slug))
            .content.decode()
        )
        assert "08:00–20:00" in page
        assert (
            world.client_for(world.outsider)
            .get(url("resource", world, slug=place.room.slug))
            .status_code
            == 403
        )

    def test_a_resource_of_another_multifactory_is_not_found(self, world, place):
        address = reverse(
            "place:resource", kwargs={"mf": "elsewhere", "slug": place.room.slug}
        )
        assert world.client_for(world.other).get(address).status_code == 404


class TestCalendarFeeds:
    def test_a_feed_serves_the_resource_bookings_and_rotation_kills_the_old_one(
        self, world, place
    ):
        book(world, place.room, at(10), at(11), title="Weekly review")
        client = world.client_for(world.member)
        response = client.post(
            url("feeds", world), {"scope": "resource", "resource": place.room.pk}
        )
        old_url = response.context["new_url"]
        assert old_url
        feed = Calendar.from_ical(client.get(old_url).content)
        events = feed.walk("VEVENT")
        assert len(events) == 1
        assert "Weekly review" in str(events[0]["SUMMARY"])
        assert events[0].decoded("DTSTART") == at(10)
        new_url = client.post(
            url("feeds", world), {"scope": "resource", "resource": place.room.pk}
        ).context["new_url"]
        assert new_url != old_url
        assert world.client_for(None).get(old_url).status_code == 404
        assert world.client_for(None).get(new_url).status_code == 200

    def test_company_and_person_feeds_include_series_occurrences(self, world, place):
        services.booking_series_create(
            by=world.owner,
            resource=place.room,
            organization=world.company,
            start=at(9),
            end=at(10),
            frequency="daily",
            count=3,
        )
        _feed, token = services.calendar_feed_rotate(
            by=world.owner,
            multifactory=world.multifactory,
            scope="organization",
            organization=world.company,
        )
        body = world.client_for(None).get(reverse("place:ical", args=[token])).content
        events = Calendar.from_ical(body).walk("VEVENT")
        # One event for the series, with the rule it was booked with.
        assert len(events) == 1
        assert events[0]["RRULE"]["FREQ"] == ["DAILY"]
        assert events[0]["RRULE"]["COUNT"] == [3]
        _feed, mine = services.calendar_feed_rotate(
            by=world.member, multifactory=world.multifactory, scope="person"
        )
        body = world.client_for(None).get(reverse("place:ical", args=[mine])).content
        assert Calendar.from_ical(body).walk("VEVENT") == []

    def test_a_company_feed_is_only_for_people_of_the_company(self, world, place):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.calendar_feed_rotate(
                by=world.owner,
                multifactory=world.multifactory,
                scope="organization",
                organization=world.neighbour,
            )


def test_times_are_shown_in_the_multifactory_zone(world, place):
    moment = datetime(2027, 7, 1, 8, tzinfo=UTC)
    assert "10:00" in rules.local_text(moment, world.multifactory.zone)


def test_rule_messages_and_pages_are_in_italian_for_italian_speakers(world, place):
    from django.utils import translation

    with translation.override("it"):
        assert str(rules.IN_THE_PAST).startswith("La prenotazione inizia nel passato")
    world.member.language = "it"
    world.member.save(update_fields=["language"])
    page = world.client_for(world.member).get(url("week", world, slug=place.room.slug))
    assert "Settimana di Meeting room" in page.content.decode()


class TestMoveSeriesAndQualifications:
    def test_a_member_moves_a_booking_and_a_refused_move_names_the_rule(
        self, world, place
    ):
        booking = book(world, place.room, at(10), at(11))
        client = world.client_for(world.member)
        address = url("booking_move", world, pk=booking.pk)
        assert client.get(address).status_code == 200
        refused = client.post(
            address,
            {"day": TUESDAY.isoformat(), "start_time": "19:30", "end_time": "20:30"},
        )
        assert refused.status_code == 400
        assert "opening hours" in refused.content.decode()
        moved = client.post(
            address,
            {"day": TUESDAY.isoformat(), "start_time": "14:00", "end_time": "15:00"},
        )
        assert moved.status_code == 302
        booking.refresh_from_db()
        assert booking.start == at(14)
        assert world.client_for(world.other).get(address).status_code == 403

    def test_the_booking_form_books_a_weekly_series(self, world, place):
        response = world.client_for(world.owner).post(
            url("week", world, slug=place.room.slug),
            {
                "day": TUESDAY.isoformat(),
                "start_time": "09:00",
                "end_time": "10:00",
                "organization": world.company.pk,
                "repeat": "weekly",
                "count": 3,
            },
        )
        assert response.status_code == 302
        assert Booking.objects.filter(series__isnull=False).count() == 3

    def test_a_malformed_recurrence_in_the_form_is_refused_with_its_rule(
        self, world, place
    ):
        response = world.client_for(world.owner).post(
            url("week", world, slug=place.room.slug),
            {
                "day": TUESDAY.isoformat(),
                "start_time": "09:00",
                "end_time": "10:00",
                "organization": world.company.pk,
                "repeat": "weekly",
            },
        )
        assert response.status_code == 400
        assert (
            "either on a date or after a number of times" in response.content.decode()
        )
        assert not Booking.objects.exists()

    def test_a_trainer_grants_a_qualification_and_the_person_sees_it(
        self, world, place
    ):
        trainer = world.client_for(world.founder)
        address = url("qualifications", world)
        response = trainer.post(
            address,
            {
                "person": world.member.pk,
                "equipment_type": place.laser_type.pk,
                "lapse_months": 6,
            },
        )
        assert response.status_code == 302
        page = world.client_for(world.member).get(address).content.decode()
        assert "Laser cutter" in page
        assert 'id="qualification-form"' not in page
        assert (
            world.client_for(world.member)
            .post(address, {"person": world.member.pk})
            .status_code
            == 403
        )
