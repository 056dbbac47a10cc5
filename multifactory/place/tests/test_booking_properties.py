"""Properties of the booking rules on generated sequences of bookings, moves and
cancellations (Hypothesis), checked against a small independent model of the rules.

For every sequence: the services accept exactly what the model accepts and refuse with
the rule the model names first; and whatever was accepted never overlaps (buffer
included), lies inside the opening hours and the booking window, on the slot grid,
within the length limits, and never takes a company over its weekly quota.

The room: Monday to Friday 08:00–18:00, Saturday 09:00–13:00, closed on Sunday
(Europe/Rome, across the change to summer time on Sunday 28 March 2027); 30-minute
slots, 30 minutes to 4 hours, 14 days ahead, 15 minutes of buffer, 6 hours a week per
company. The number of examples comes from the Hypothesis profile (conftest.py)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from multifactory.place import services
from multifactory.place.models import HOLDING, Booking
from multifactory.place.tests.conftest import NOW

ROME = ZoneInfo("Europe/Rome")
FIRST_DAY = date(2027, 3, 22)  # NOW's day, a Monday
OPEN = dict.fromkeys(range(5), (8 * 60, 18 * 60)) | {5: (9 * 60, 13 * 60)}
SLOT, MIN, MAX = 30, 30, 240
WINDOW = timedelta(days=14)
BUFFER = timedelta(minutes=15)
WEEK_QUOTA = timedelta(hours=6)


@pytest.fixture
def ruled_room(world):
    return services.resource_create(
        by=world.founder,
        multifactory=world.multifactory,
        kind="space",
        name="Ruled room",
        category="meeting_room",
        rule={
            "slot_minutes": SLOT,
            "min_minutes": MIN,
            "max_minutes": MAX,
            "window_days": WINDOW.days,
            "buffer_minutes": BUFFER.seconds // 60,
            "quota_week_hours": WEEK_QUOTA.seconds // 3600,
        },
        opening_hours=[(day, opens, closes) for day, (opens, closes) in OPEN.items()],
    )


# Times --------------------------------------------------------------------------------

# Mostly times a person would choose (on the grid, inside opening hours, a valid
# length), so that bookings are accepted and then meet each other; some anywhere.
plausible = st.tuples(
    st.integers(0, 5),  # the first week: bookings meet, quotas fill up
    st.integers(8 * 2, 17 * 2).map(lambda half_hour: half_hour * 30),
    st.sampled_from([30, 60, 90, 120, 180, 240]),
)
anywhere = st.tuples(
    st.integers(0, 16),  # days after NOW's day: past the window too
    st.integers(6 * 4, 20 * 4).map(lambda quarter: quarter * 15),  # 06:00–20:00
    st.sampled_from([15, 30, 60, 90, 120, 150, 240, 270]),
)
times = st.one_of(plausible, plausible, plausible, anywhere)


def moment(day: int, minute: int) -> datetime:
    local = datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time())
    return (local + timedelta(minutes=minute)).replace(tzinfo=ROME)


operations = st.lists(
    st.one_of(
        st.tuples(st.just("book"), st.integers(0, 1), times),
        st.tuples(st.just("book"), st.integers(0, 1), times),
        st.tuples(st.just("move"), st.integers(0, 20), times),
        st.tuples(st.just("cancel"), st.integers(0, 20)),
    ),
    min_size=4,
    max_size=14,
)


# The model ----------------------------------------------------------------------------


@dataclass
class Held:
    company: int
    start: datetime
    end: datetime
    pk: int = 0
    held: bool = True

    @property
    def blocked_until(self) -> datetime:
        return self.end + BUFFER


def local_week(moment_: datetime) -> date:
    day = moment_.astimezone(ROME).date()
    return day - timedelta(days=day.weekday())


def model_refusal(held: list[Held], company: int, start, end, *, moving=None):
    """The code of the first rule that refuses, as docs/place.md orders them."""
    if start < NOW:
        return "in_the_past"
    if start > NOW + WINDOW:
        return "beyond_window"
    if end - start < timedelta(minutes=MIN):
        return "too_short"
    if end - start > timedelta(minutes=MAX):
        return "too_long"
    local_start, local_end = start.astimezone(ROME), end.astimezone(ROME)
    if any(
        (t.hour * 60 + t.minute) % SLOT or t.second for t in (local_start, local_end)
    ):
        return "off_slot"
    hours = OPEN.get(local_start.weekday())
    if (
        hours is None
        or local_start.date() != local_end.date()
        or local_start.hour * 60 + local_start.minute < hours[0]
        or local_end.hour * 60 + local_end.minute > hours[1]
    ):
        return "outside_opening_hours"
    others = [b for b in held if b.held and b is not moving]
    week = local_week(start)
    used = sum(
        (
            b.end - b.start
            for b in others
            if b.company == company and local_week(b.start) == week
        ),
        timedelta(),
    )
    if used + (end - start) > WEEK_QUOTA:
        return "over_week_quota"
    if any(b.start < end + BUFFER and b.blocked_until > start for b in others):
        return "taken"
    return None


# The property -------------------------------------------------------------------------


def refusal_code(error: ValidationError) -> str:
    return error.error_list[0].code


def run(world, room, ops) -> list[Held]:
    companies = [(world.company, world.owner), (world.neighbour, world.founder)]
    model: list[Held] = []
    for op in ops:
        if op[0] == "book":
            _kind, company, (day, minute, length) = op
            start = moment(day, minute)
            end = start + timedelta(minutes=length)
            expected = model_refusal(model, company, start, end)
            organization, person = companies[company]
            try:
                booking = services.booking_create(
                    by=person,
                    resource=room,
                    organization=organization,
                    start=start,
                    end=end,
                    now=NOW,
                )
            except ValidationError as error:
                assert refusal_code(error) == expected, (op, error)
                event(f"refused: {expected}")
            else:
                assert expected is None, (op, expected)
                model.append(Held(company, start, end, pk=booking.pk))
        elif not model:
            continue
        elif op[0] == "move":
            _kind, index, (day, minute, length) = op
            target = model[index % len(model)]
            start = moment(day, minute)
            end = start + timedelta(minutes=length)
            if not target.held:
                expected = "already_cancelled"
            elif target.start <= NOW:
                expected = "already_started"
            else:
                expected = model_refusal(
                    model, target.company, start, end, moving=target
                )
            try:
                services.booking_move(
                    by=companies[target.company][1],
                    booking=Booking.objects.get(pk=target.pk),
                    start=start,
                    end=end,
                    now=NOW,
                )
            except ValidationError as error:
                assert refusal_code(error) == expected, (op, error)
            else:
                assert expected is None, (op, expected)
                target.start, target.end = start, end
        else:
            target = model[op[1] % len(model)]
            expected = (
                "already_cancelled"
                if not target.held
                else "already_started"
                if target.start <= NOW
                else None
            )
            try:
                services.booking_cancel(
                    by=companies[target.company][1],
                    booking=Booking.objects.get(pk=target.pk),
                    now=NOW,
                )
            except ValidationError as error:
                assert refusal_code(error) == expected, (op, error)
            else:
                assert expected is None, (op, expected)
                target.held = False
    return model


def assert_every_accepted_booking_keeps_the_rules(room, organizations) -> None:
    held = list(
        Booking.objects.filter(resource=room, status__in=HOLDING).order_by("start")
    )
    for earlier, later in zip(held, held[1:], strict=False):
        assert earlier.blocked_until <= later.start, "two bookings overlap"
    weeks: dict[tuple[int, date], timedelta] = {}
    for booking in held:
        start, end = booking.start.astimezone(ROME), booking.end.astimezone(ROME)
        assert NOW <= booking.start <= NOW + WINDOW
        assert timedelta(minutes=MIN) <= booking.end - booking.start
        assert booking.end - booking.start <= timedelta(minutes=MAX)
        assert booking.blocked_until == booking.end + BUFFER
        assert start.minute % SLOT == 0 and end.minute % SLOT == 0
        opens, closes = OPEN[start.weekday()]
        assert start.date() == end.date()
        assert opens <= start.hour * 60 + start.minute
        assert end.hour * 60 + end.minute <= closes
        key = (booking.organization_id, local_week(booking.start))
        weeks[key] = weeks.get(key, timedelta()) + (booking.end - booking.start)
    assert all(total <= WEEK_QUOTA for total in weeks.values())
    assert {o for o, _week in weeks} <= {o.pk for o in organizations}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_the_rules_accept_exactly_what_the_model_accepts_and_nothing_overlaps(
    world, ruled_room, ops
):
    # Each example in a savepoint rolled back at the end: examples share the fixtures
    # (world, room) but never each other's bookings.
    with transaction.atomic():
        model = run(world, ruled_room, ops)
        # Seen with --hypothesis-show-statistics: the examples do accept bookings.
        event(f"bookings accepted: {min(len(model), 4)}{'+' if len(model) > 3 else ''}")
        event(f"still held at the end: {min(sum(b.held for b in model), 3)}")
        assert_every_accepted_booking_keeps_the_rules(
            ruled_room, [world.company, world.neighbour]
        )
        held = Booking.objects.filter(resource=ruled_room, status__in=HOLDING)
        assert sorted((b.start, b.end) for b in held) == sorted(
            (b.start, b.end) for b in model if b.held
        )
        transaction.set_rollback(True)
