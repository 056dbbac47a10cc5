from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from multifactory.audit.models import AuditEvent
from multifactory.community.models import MandateKind
from multifactory.community.services import mandate_grant
from multifactory.place import rules, services
from multifactory.place.models import Booking, BookingStatus
from multifactory.place.tests.conftest import NOW, book, rome


def refused(world, resource, start, end, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        book(world, resource, start, end, **kwargs)
    return error.value


def only_message(error: ValidationError) -> str:
    assert len(error.messages) == 1, error.messages
    return error.messages[0]


# Creating ---------------------------------------------------------------------------


def test_it_books_a_free_slot_and_audits_it(world, place):
    booking = book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.start == datetime(2027, 3, 23, 9, tzinfo=UTC)
    event = AuditEvent.objects.get(action="booking.created")
    assert event.actor == world.owner
    assert event.organization == world.company


def test_a_plain_member_books_for_the_company(world, place):
    booking = book(
        world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11), by=world.member
    )
    assert booking.booked_by == world.member


@pytest.mark.parametrize(
    ("start", "end", "code", "message", "params"),
    [
        pytest.param(
            rome(2027, 3, 23, 12),
            rome(2027, 3, 23, 10),
            "end_before_start",
            rules.END_BEFORE_START,
            None,
            id="an end before the start",
        ),
        pytest.param(
            rome(2027, 3, 23, 12),
            rome(2027, 3, 23, 12),
            None,
            rules.ZERO_LENGTH,
            None,
            id="a booking of zero length",
        ),
        pytest.param(
            rome(2027, 3, 19, 10),
            rome(2027, 3, 19, 11),
            None,
            rules.IN_THE_PAST,
            None,
            id="a booking in the past",
        ),
        pytest.param(
            rome(2027, 6, 1, 10),
            rome(2027, 6, 1, 11),
            "beyond_window",
            rules.BEYOND_WINDOW,
            {"days": 60},
            id="a booking beyond the window",
        ),
    ],
)
def test_it_refuses_a_booking_the_rule_forbids(
    world, place, start, end, code, message, params
):
    error = refused(world, place.room, start, end)
    if code is not None:
        assert error.code == code
    assert only_message(error) == (message % params if params else message)


def test_it_refuses_a_booking_outside_opening_hours(world, place):
    error = refused(world, place.room, rome(2027, 3, 23, 19), rome(2027, 3, 23, 21))
    assert error.code == "outside_opening_hours"
    assert "opening hours" in only_message(error)
    sunday = refused(world, place.room, rome(2027, 3, 28, 10), rome(2027, 3, 28, 11))
    assert sunday.code == "outside_opening_hours"


def test_it_refuses_lengths_and_slots_the_rule_forbids(world, place):
    too_long = refused(world, place.room, rome(2027, 3, 23, 8), rome(2027, 3, 23, 17))
    assert too_long.code == "too_long"
    off_slot = refused(
        world, place.room, rome(2027, 3, 23, 8, 10), rome(2027, 3, 23, 9, 10)
    )
    assert off_slot.code == "off_slot"
    assert only_message(off_slot) == rules.OFF_SLOT % {"minutes": 30}


def test_it_refuses_a_booking_over_the_weekly_quota(world, place):
    services.booking_rule_update(
        by=world.founder, resource=place.room, quota_week_hours=3
    )
    book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    error = refused(world, place.room, rome(2027, 3, 24, 10), rome(2027, 3, 24, 12))
    assert error.code == "over_week_quota"
    assert only_message(error) == rules.OVER_WEEK_QUOTA % {"hours": 3}
    # The next week starts a new quota; the neighbour has its own.
    book(world, place.room, rome(2027, 3, 29, 10), rome(2027, 3, 29, 12))
    book(
        world,
        place.room,
        rome(2027, 3, 24, 10),
        rome(2027, 3, 24, 12),
        by=world.founder,
        organization=world.neighbour,
    )


def test_it_refuses_a_booking_over_the_monthly_quota(world, place):
    services.booking_rule_update(
        by=world.founder, resource=place.room, quota_month_hours=4
    )
    book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 13))
    error = refused(world, place.room, rome(2027, 3, 30, 10), rome(2027, 3, 30, 12))
    assert only_message(error) == rules.OVER_MONTH_QUOTA % {"hours": 4}
    book(world, place.room, rome(2027, 4, 1, 10), rome(2027, 4, 1, 12))


def test_it_refuses_equipment_without_a_qualification(world, place):
    error = refused(world, place.laser, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11))
    assert error.code == "qualification_missing"
    assert only_message(error) == rules.QUALIFICATION_MISSING % {"type": "Laser cutter"}


def test_it_refuses_another_companys_private_unit(world, place):
    error = refused(
        world, place.neighbour_unit, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11)
    )
    assert only_message(error) == rules.OTHER_COMPANY_UNIT
    book(world, place.unit, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11))


def test_it_refuses_booking_for_a_company_one_does_not_belong_to(world, place):
    error = refused(
        world,
        place.room,
        rome(2027, 3, 23, 10),
        rome(2027, 3, 23, 11),
        organization=world.neighbour,
    )
    assert only_message(error) == rules.NOT_YOUR_COMPANY


def test_it_refuses_companies_not_listed_when_the_rule_lists_them(world, place):
    services.booking_rule_update(
        by=world.founder,
        resource=place.room,
        who="listed",
        allowed_organizations=[world.neighbour],
    )
    error = refused(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11))
    assert only_message(error) == rules.NOT_ALLOWED_TO_BOOK


def test_it_refuses_equipment_out_of_order(world, place):
    services.resource_update(
        by=world.founder, resource=place.room, status="out_of_order"
    )
    error = refused(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11))
    assert only_message(error) == rules.RESOURCE_UNAVAILABLE


# Overlaps ---------------------------------------------------------------------------


def test_it_rejects_an_overlapping_booking_saying_when_not_who(world, place):
    book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    error = refused(
        world,
        place.room,
        rome(2027, 3, 23, 11),
        rome(2027, 3, 23, 13),
        by=world.founder,
        organization=world.neighbour,
    )
    assert error.code == "taken"
    message = only_message(error)
    assert "10:00" in message and "12:00" in message
    assert "Atelier" not in message and "Olga" not in message


def test_it_keeps_the_buffer_free_after_a_booking(world, place):
    services.booking_rule_update(
        by=world.founder, resource=place.room, buffer_minutes=30
    )
    book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    error = refused(world, place.room, rome(2027, 3, 23, 12), rome(2027, 3, 23, 13))
    assert error.code == "taken"
    book(world, place.room, rome(2027, 3, 23, 12, 30), rome(2027, 3, 23, 13))


def test_back_to_back_bookings_do_not_overlap(world, place):
    book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    book(world, place.room, rome(2027, 3, 23, 12), rome(2027, 3, 23, 14))
    assert Booking.objects.count() == 2


def test_a_cancelled_booking_frees_its_time(world, place):
    booking = book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    services.booking_cancel(by=world.member, booking=booking, now=NOW)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))


# Moving and cancelling --------------------------------------------------------------


def test_it_moves_a_booking_checking_the_rules_but_not_against_itself(world, place):
    booking = book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    services.booking_move(
        by=world.owner,
        booking=booking,
        start=rome(2027, 3, 23, 11),
        end=rome(2027, 3, 23, 13),
        now=NOW,
    )
    booking.refresh_from_db()
    assert booking.start == rome(2027, 3, 23, 11)
    with pytest.raises(ValidationError) as error:
        services.booking_move(
            by=world.owner,
            booking=booking,
            start=rome(2027, 3, 23, 19),
            end=rome(2027, 3, 23, 21),
            now=NOW,
        )
    assert error.value.code == "outside_opening_hours"
    assert AuditEvent.objects.filter(action="booking.moved").count() == 1


def test_another_company_cannot_cancel_or_move_my_booking(world, place):
    booking = book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    with pytest.raises(PermissionDenied):
        services.booking_cancel(by=world.outsider, booking=booking, now=NOW)
    with pytest.raises(PermissionDenied):
        services.booking_move(
            by=world.other,
            booking=booking,
            start=rome(2027, 3, 23, 13),
            end=rome(2027, 3, 23, 14),
            now=NOW,
        )


def test_it_refuses_to_cancel_after_the_deadline_but_a_mandate_may(world, place):
    services.booking_rule_update(by=world.founder, resource=place.room, cancel_hours=48)
    booking = book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    with pytest.raises(ValidationError) as error:
        services.booking_cancel(by=world.owner, booking=booking, now=NOW)
    assert error.value.messages == [services.CANCEL_TOO_LATE % {"hours": 48}]
    services.booking_cancel(by=world.founder, booking=booking, now=NOW)
    event = AuditEvent.objects.get(action="booking.cancelled")
    assert event.mandate.kind == MandateKind.FOUNDER


def test_it_refuses_to_cancel_a_booking_that_has_started(world, place):
    booking = book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    with pytest.raises(ValidationError) as error:
        services.booking_cancel(
            by=world.owner, booking=booking, now=rome(2027, 3, 23, 11)
        )
    assert error.value.messages == [services.ALREADY_STARTED]


def test_a_booking_needing_approval_waits_then_holds_once_approved(world, place):
    services.booking_rule_update(
        by=world.founder, resource=place.room, approval_required=True
    )
    booking = book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 12))
    assert booking.status == BookingStatus.PENDING
    # A pending booking already holds its slot.
    assert (
        refused(
            world,
            place.room,
            rome(2027, 3, 23, 11),
            rome(2027, 3, 23, 12),
            by=world.founder,
            organization=world.neighbour,
        ).code
        == "taken"
    )
    with pytest.raises(PermissionDenied):
        services.booking_approve(by=world.owner, booking=booking)
    services.booking_approve(by=world.founder, booking=booking)
    assert booking.status == BookingStatus.CONFIRMED
    assert world.founder.notifications.filter(kind="booking_pending").exists()


# Daylight saving in Europe/Rome ------------------------------------------------------


def test_a_booking_across_the_spring_change_lasts_its_real_time(world, place):
    """On Sunday 28 March 2027 clocks go from 02:00 to 03:00 in Rome."""
    services.booking_rule_update(
        by=world.founder,
        resource=place.unit,
        opening_hours=[(day, 0, 24 * 60) for day in range(7)],
    )
    booking = book(world, place.unit, rome(2027, 3, 28, 0), rome(2027, 3, 28, 4))
    assert booking.end - booking.start == timedelta(hours=3)
    assert booking.start == datetime(2027, 3, 27, 23, tzinfo=UTC)
    assert booking.end == datetime(2027, 3, 28, 2, tzinfo=UTC)


def test_a_booking_across_the_autumn_change_lasts_its_real_time(world, place):
    """On Sunday 31 October 2027 clocks go back from 03:00 to 02:00 in Rome."""
    services.booking_rule_update(by=world.founder, resource=place.unit, window_days=365)
    booking = book(world, place.unit, rome(2027, 10, 31, 0), rome(2027, 10, 31, 4))
    assert booking.end - booking.start == timedelta(hours=5)
    # The same wall-clock hour twice: the second 02:30 (fold=1) is after the first.
    taken = refused(
        world,
        place.unit,
        rome(2027, 10, 31, 3),
        rome(2027, 10, 31, 5),
    )
    assert taken.code == "taken"


def test_opening_hours_are_read_on_the_local_clock_across_the_change(world, place):
    # 08:00–10:00 on the Monday after the change is 06:00–08:00 UTC, not 07:00–09:00.
    booking = book(world, place.room, rome(2027, 3, 29, 8), rome(2027, 3, 29, 10))
    assert booking.start == datetime(2027, 3, 29, 6, tzinfo=UTC)
    error = refused(
        world,
        place.room,
        datetime(2027, 3, 29, 5, 30, tzinfo=UTC),
        datetime(2027, 3, 29, 6, tzinfo=UTC),
    )
    assert error.code == "outside_opening_hours"


# Recurring series -------------------------------------------------------------------


def series(world, resource, start, end, **kwargs):
    return services.booking_series_create(
        by=world.owner,
        resource=resource,
        organization=world.company,
        start=start,
        end=end,
        now=NOW,
        **kwargs,
    )


def test_a_weekly_series_keeps_its_local_time_across_daylight_saving(world, place):
    weekly = series(
        world,
        place.room,
        rome(2027, 3, 23, 10),
        rome(2027, 3, 23, 11),
        frequency="weekly",
        count=3,
    )
    starts = [b.start for b in weekly.occurrences.order_by("start")]
    assert starts == [
        datetime(2027, 3, 23, 9, tzinfo=UTC),  # CET, UTC+1
        datetime(2027, 3, 30, 8, tzinfo=UTC),  # CEST, UTC+2
        datetime(2027, 4, 6, 8, tzinfo=UTC),
    ]


def test_a_daily_series_until_a_date_books_each_day(world, place):
    daily = series(
        world,
        place.room,
        rome(2027, 3, 23, 10),
        rome(2027, 3, 23, 11),
        frequency="daily",
        until=date(2027, 3, 26),
    )
    assert daily.occurrences.count() == 4


def test_a_series_is_refused_whole_when_one_occurrence_is_refused(world, place):
    book(
        world,
        place.room,
        rome(2027, 3, 30, 10),
        rome(2027, 3, 30, 11),
        by=world.founder,
        organization=world.neighbour,
    )
    with pytest.raises(ValidationError) as error:
        series(
            world,
            place.room,
            rome(2027, 3, 23, 10),
            rome(2027, 3, 23, 11),
            frequency="weekly",
            count=3,
        )
    assert error.value.code == "taken"
    assert "30 Mar 2027" in error.value.messages[0]
    assert Booking.objects.filter(organization=world.company).count() == 0


def test_one_occurrence_of_a_series_can_be_cancelled(world, place):
    weekly = series(
        world,
        place.room,
        rome(2027, 3, 23, 10),
        rome(2027, 3, 23, 11),
        frequency="weekly",
        count=3,
    )
    second = weekly.occurrences.order_by("start")[1]
    services.booking_cancel(by=world.owner, booking=second, now=NOW)
    statuses = list(
        weekly.occurrences.order_by("start").values_list("status", flat=True)
    )
    assert statuses == ["confirmed", "cancelled", "confirmed"]
    assert services.booking_series_cancel(by=world.owner, series=weekly, now=NOW) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"frequency": "yearly", "count": 2}, services.RECURRENCE_FREQUENCY),
        ({"frequency": "weekly"}, services.RECURRENCE_END),
        (
            {"frequency": "weekly", "count": 2, "until": date(2027, 4, 30)},
            services.RECURRENCE_END,
        ),
        (
            {"frequency": "weekly", "count": 0},
            services.RECURRENCE_COUNT % {"max": 200},
        ),
        (
            {"frequency": "weekly", "count": 2, "interval": 0},
            services.RECURRENCE_INTERVAL,
        ),
        ({"frequency": "daily", "until": date(2027, 3, 1)}, services.RECURRENCE_UNTIL),
        (
            {"frequency": "daily", "until": date(2028, 12, 31)},
            services.RECURRENCE_TOO_MANY % {"max": 200},
        ),
    ],
)
def test_it_refuses_a_malformed_recurrence(world, place, kwargs, message):
    with pytest.raises(ValidationError) as error:
        series(
            world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11), **kwargs
        )
    assert error.value.messages == [message]
    assert not Booking.objects.exists()


# Qualifications ---------------------------------------------------------------------


def test_a_trainer_qualifies_a_person_who_can_then_book_the_equipment(world, place):
    mandate_grant(
        by=world.founder,
        multifactory=world.multifactory,
        person=world.founder,
        kind=MandateKind.TRAINER,
        scope="laser cutter",
    )
    qualification = services.qualification_grant(
        by=world.founder,
        person=world.owner,
        equipment_type=place.laser_type,
        granted_on=date(2027, 1, 10),
        lapse_months=6,
    )
    assert qualification.mandate.kind == MandateKind.TRAINER
    book(world, place.laser, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11))
    qualification.refresh_from_db()
    assert qualification.last_used_on == date(2027, 3, 23)


def test_a_plain_member_cannot_grant_a_qualification(world, place):
    with pytest.raises(PermissionDenied):
        services.qualification_grant(
            by=world.owner, person=world.member, equipment_type=place.laser_type
        )


def test_an_expired_or_lapsed_qualification_does_not_count(world, place):
    services.qualification_grant(
        by=world.founder,
        person=world.owner,
        equipment_type=place.laser_type,
        granted_on=date(2026, 1, 10),
        expires_on=date(2027, 3, 1),
    )
    services.qualification_grant(
        by=world.founder,
        person=world.owner,
        equipment_type=place.laser_type,
        granted_on=date(2026, 6, 10),
        lapse_months=6,
    )
    error = refused(world, place.laser, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11))
    assert error.code == "qualification_missing"
