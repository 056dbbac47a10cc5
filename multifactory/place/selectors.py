"""Reads of the place capability. Every read is scoped to one multifactory and runs a
fixed number of queries, whatever the number of bookings."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Sum,
)
from django.db.models.functions import Greatest, Least

from multifactory.community.models import (
    ACTIVE_STATUSES,
    Membership,
    Multifactory,
    Organization,
)
from multifactory.place import rules
from multifactory.place.models import (
    HOLDING,
    MAX_BOOKING_SPAN,
    MAX_BUFFER_MINUTES,
    Booking,
    BookingStatus,
    CalendarFeed,
    OpeningHours,
    Resource,
    ResourceKind,
    ResourceStatus,
    UnitAssignment,
)

# A booking that overlaps a window starts at most this long before it (see models).
LOOKBACK = MAX_BOOKING_SPAN + timedelta(minutes=MAX_BUFFER_MINUTES)


def resource_list(
    *, multifactory: Multifactory, kind: str = "", category: str = ""
) -> QuerySet[Resource]:
    resources = Resource.objects.filter(multifactory=multifactory).exclude(
        status=ResourceStatus.WITHDRAWN
    )
    if kind:
        resources = resources.filter(kind=kind)
    if category:
        resources = resources.filter(category=category)
    return resources.select_related(
        "multifactory", "rule", "equipment_type", "located_in", "lent_by"
    ).order_by("kind", "name")


def bookings_between(
    *,
    multifactory: Multifactory,
    start: datetime,
    end: datetime,
    resource: Resource | None = None,
) -> QuerySet[Booking]:
    """Holding bookings that overlap [start, end), in one indexed range scan."""
    bookings = Booking.objects.filter(
        multifactory=multifactory,
        status__in=HOLDING,
        start__lt=end,
        start__gte=start - LOOKBACK,
        end__gt=start,
    )
    if resource is not None:
        bookings = bookings.filter(resource=resource)
    return bookings.select_related("organization", "booked_by").order_by("start")


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class Cell:
    start: datetime  # UTC
    end: datetime
    bookings: list = field(default_factory=list)
    is_open: bool = True
    is_past: bool = False

    @property
    def is_free(self) -> bool:
        return self.is_open and not self.is_past and not self.bookings


@dataclass
class WeekCalendar:
    resource: Resource
    days: list[date]
    hours: list[int]
    rows: list[tuple[int, list[Cell]]]
    previous: date
    next: date


def resource_week(
    *, resource: Resource, day: date, now: datetime, zone
) -> WeekCalendar:
    """The week of `day` for one resource: an hour-by-day grid of its bookings.

    Rows are local wall-clock hours; each cell covers the real (UTC) hour, so on a
    daylight-saving day a missing hour is simply empty. Three queries whatever the
    data: the rule's opening hours, then the week's bookings.
    """
    monday = week_start(day)
    days = [monday + timedelta(days=n) for n in range(7)]
    rule = resource.rule
    intervals = rules.opening_intervals(rule)
    opening = [m for spans in intervals.values() for span in spans for m in span]
    first_hour = min(opening, default=8 * 60) // 60
    last_hour = -(-max(opening, default=20 * 60) // 60)
    hours = list(range(first_hour, last_hour))
    week_from = rules.local_midnight(monday, zone)
    week_to = rules.local_midnight(monday + timedelta(days=7), zone)
    bookings = list(
        bookings_between(
            multifactory=resource.multifactory,
            resource=resource,
            start=week_from,
            end=week_to,
        )
    )
    rows = []
    for hour in hours:
        cells = []
        for current in days:
            start = datetime.combine(current, time(hour), tzinfo=zone)
            end = start + timedelta(hours=1)
            start, end = rules.as_utc(start), rules.as_utc(end)
            minute = hour * 60
            cells.append(
                Cell(
                    start=start,
                    end=end,
                    bookings=[b for b in bookings if b.start < end and b.end > start],
                    is_open=any(
                        a <= minute and minute + 60 <= b
                        for a, b in intervals[current.weekday()]
                    ),
                    is_past=end <= now,
                )
            )
        rows.append((hour, cells))
    return WeekCalendar(
        resource=resource,
        days=days,
        hours=hours,
        rows=rows,
        previous=monday - timedelta(days=7),
        next=monday + timedelta(days=7),
    )


def all_resources_week(*, multifactory: Multifactory, day: date, zone):
    """Every bookable resource × the 7 days of the week, with the bookings of each
    cell. Two queries whatever the data."""
    monday = week_start(day)
    days = [monday + timedelta(days=n) for n in range(7)]
    resources = list(resource_list(multifactory=multifactory))
    bookings = bookings_between(
        multifactory=multifactory,
        start=rules.local_midnight(monday, zone),
        end=rules.local_midnight(monday + timedelta(days=7), zone),
    )
    by_cell: dict[tuple[int, date], list[Booking]] = defaultdict(list)
    for booking in bookings:
        first = booking.start.astimezone(zone).date()
        last = (booking.end - timedelta(microseconds=1)).astimezone(zone).date()
        for current in days:
            if first <= current <= last:
                by_cell[(booking.resource_id, current)].append(booking)
    rows = [
        (resource, [by_cell.get((resource.pk, current), []) for current in days])
        for resource in resources
    ]
    return days, rows, monday - timedelta(days=7), monday + timedelta(days=7)


def my_bookings(
    *, person, multifactory: Multifactory, since: datetime
) -> QuerySet[Booking]:
    """Pending and confirmed bookings, ending after `since`, of the companies the
    person acts for (community.access.acts_for: not a former company's)."""
    companies = Membership.objects.filter(
        person=person,
        multifactory=multifactory,
        organization__status__in=ACTIVE_STATUSES,
    ).values("organization_id")
    return (
        Booking.objects.filter(
            multifactory=multifactory,
            organization_id__in=companies,
            status__in=HOLDING,
            end__gt=since,
        )
        .select_related("resource", "organization", "booked_by", "series")
        .order_by("start")
    )


def pending_bookings(*, multifactory: Multifactory, approver_kinds) -> QuerySet:
    return (
        Booking.objects.filter(
            multifactory=multifactory,
            status=BookingStatus.PENDING,
            resource__rule__approver__in=approver_kinds,
        )
        .select_related("resource", "organization", "booked_by")
        .order_by("start")
    )


def available_resources(
    *,
    multifactory: Multifactory,
    start: datetime,
    end: datetime,
    capacity: int | None = None,
    kind: str = "",
    category: str = "",
) -> list[Resource]:
    """Resources free and open for all of [start, end): "a room for 8 people
    tomorrow 14:00–16:00". Two queries: resources without an overlapping booking
    (buffer included), with their opening hours."""
    start, end = rules.as_utc(start), rules.as_utc(end)
    overlapping = Booking.objects.filter(
        resource=OuterRef("pk"),
        status__in=HOLDING,
        start__lt=end,
        start__gte=start - LOOKBACK,
        blocked_until__gt=start,
    )
    resources = (
        Resource.objects.filter(
            multifactory=multifactory, status=ResourceStatus.AVAILABLE
        )
        .exclude(kind=ResourceKind.UNIT)
        .exclude(Exists(overlapping))
        .select_related("multifactory", "rule", "equipment_type", "located_in")
        .prefetch_related(
            Prefetch("rule__opening_hours", queryset=OpeningHours.objects.all())
        )
        .order_by("capacity", "name")
    )
    if capacity:
        resources = resources.filter(capacity__gte=capacity)
    if kind:
        resources = resources.filter(kind=kind)
    if category:
        resources = resources.filter(category=category)
    zone = multifactory.zone
    return [r for r in resources if rules.is_open(r.rule, start, end, zone)]


# Units and occupancy ----------------------------------------------------------------


@dataclass
class UnitRow:
    unit: Resource
    holder: Organization | None
    since: date | None
    assignment: UnitAssignment | None = None


@dataclass
class Occupancy:
    total_m2: int
    assigned_m2: int

    @property
    def percent(self) -> int:
        return round(100 * self.assigned_m2 / self.total_m2) if self.total_m2 else 0


def _current(assignments, on: date):
    return next(
        (
            a
            for a in assignments
            if a.starts_on <= on and (a.ends_on is None or a.ends_on >= on)
        ),
        None,
    )


def units_with_holders(
    *, multifactory: Multifactory, on: date
) -> tuple[list[UnitRow], Occupancy]:
    """Private units with the company each is assigned to on `on`, and the private
    area assigned over the total. Two queries."""
    units = (
        Resource.objects.filter(multifactory=multifactory, kind=ResourceKind.UNIT)
        .exclude(status=ResourceStatus.WITHDRAWN)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=UnitAssignment.objects.select_related("organization"),
            )
        )
        .order_by("name")
    )
    rows = []
    for unit in units:
        current = _current(unit.assignments.all(), on)
        rows.append(
            UnitRow(
                unit=unit,
                holder=current.organization if current else None,
                since=current.starts_on if current else None,
                assignment=current,
            )
        )
    return rows, occupancy_on(rows)


def unit_holding(*, unit: Resource, on: date) -> UnitAssignment | None:
    """The assignment that holds `unit` on `on` (with its company), or None when the
    unit is free that day. One query."""
    return (
        UnitAssignment.objects.filter(unit=unit, starts_on__lte=on)
        .exclude(ends_on__lt=on)
        .select_related("organization")
        .first()
    )


def free_units(*, multifactory: Multifactory, on: date) -> list[Resource]:
    """Private units (not withdrawn) nobody holds on `on`, by name. Two queries."""
    rows, _occupancy = units_with_holders(multifactory=multifactory, on=on)
    return [row.unit for row in rows if row.holder is None]


def occupancy_on(rows: list[UnitRow]) -> Occupancy:
    return Occupancy(
        total_m2=sum(row.unit.area_m2 for row in rows),
        assigned_m2=sum(row.unit.area_m2 for row in rows if row.holder),
    )


def occupancy_history(
    *, multifactory: Multifactory, months: list[date]
) -> list[tuple[date, Occupancy]]:
    """Private area assigned vs total on each given date (e.g. first of each month)."""
    units = list(
        Resource.objects.filter(
            multifactory=multifactory, kind=ResourceKind.UNIT
        ).prefetch_related("assignments")
    )
    history = []
    for on in months:
        total = sum(u.area_m2 for u in units if u.created_at.date() <= on)
        assigned = sum(
            u.area_m2
            for u in units
            if u.created_at.date() <= on and _current(u.assignments.all(), on)
        )
        history.append((on, Occupancy(total_m2=total, assigned_m2=assigned)))
    return history


# Usage for cost sharing --------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    organization_id: int
    organization: str
    resource_id: int
    resource: str
    category: str
    hours: Decimal


def usage_hours(
    *, multifactory: Multifactory, start: datetime, end: datetime
) -> list[Usage]:
    """Booked hours per company and resource in [start, end), confirmed bookings
    clipped to the period. One query; the economy sums by category or company.

    Hours are Decimal with two places (half up), from exact seconds.
    """
    span = ExpressionWrapper(
        Least(F("end"), end) - Greatest(F("start"), start),
        output_field=DurationField(),
    )
    rows = (
        Booking.objects.filter(
            multifactory=multifactory,
            status=BookingStatus.CONFIRMED,
            start__lt=end,
            end__gt=start,
        )
        .values(
            "organization_id",
            "organization__name",
            "resource_id",
            "resource__name",
            "resource__category",
        )
        .annotate(total=Sum(span))
        .order_by("organization__name", "resource__name")
    )
    return [
        Usage(
            organization_id=row["organization_id"],
            organization=row["organization__name"],
            resource_id=row["resource_id"],
            resource=row["resource__name"],
            category=row["resource__category"],
            hours=(Decimal(row["total"].total_seconds()) / 3600).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            ),
        )
        for row in rows
    ]


def usage_by_category(
    *, multifactory: Multifactory, start: datetime, end: datetime
) -> dict[tuple[int, str], Decimal]:
    """(company id, category) → booked hours in the period."""
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in usage_hours(multifactory=multifactory, start=start, end=end):
        totals[(row.organization_id, row.category)] += row.hours
    return dict(totals)


# Calendar feeds ----------------------------------------------------------------------


def feed_bookings(feed: CalendarFeed, *, since: datetime) -> QuerySet[Booking]:
    bookings = Booking.objects.filter(
        multifactory_id=feed.multifactory_id, status__in=HOLDING, end__gt=since
    )
    if feed.scope == "resource":
        bookings = bookings.filter(resource_id=feed.resource_id)
    elif feed.scope == "organization":
        bookings = bookings.filter(organization_id=feed.organization_id)
    else:
        bookings = bookings.filter(booked_by_id=feed.person_id)
    return bookings.select_related(
        "resource", "organization", "series__multifactory"
    ).order_by("start")


def feeds_of(*, person, multifactory: Multifactory) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(
        person=person, multifactory=multifactory
    ).select_related("resource", "organization")


def qualifications(*, multifactory: Multifactory, person=None) -> QuerySet:
    """Qualifications of the multifactory (or of one person), newest first."""
    from multifactory.place.models import Qualification

    found = Qualification.objects.filter(
        multifactory=multifactory, revoked_at__isnull=True
    )
    if person is not None:
        found = found.filter(person=person)
    return found.select_related("person", "equipment_type", "granted_by").order_by(
        "person__full_name", "-granted_on"
    )
