"""The booking rules: one function, `booking_check`, refuses a booking with the rule.

Rules are checked in the order of docs/place.md; the first refusal wins. Every message
is a constant here so tests, pages and the API can name the rule that refused.
"""

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from multifactory.community.access import acts_for
from multifactory.community.models import ACTIVE_STATUSES, Organization
from multifactory.core.times import local_text  # shared with governance
from multifactory.place.models import (
    HOLDING,
    MAX_BOOKING_SPAN,
    MAX_BUFFER_MINUTES,
    Booking,
    BookingRule,
    Qualification,
    Resource,
    ResourceKind,
    UnitAssignment,
    Who,
)

END_BEFORE_START = _(
    "The booking ends before it starts: choose an end after the start."
)
ZERO_LENGTH = _("The booking has no length: the end equals the start.")
RESOURCE_UNAVAILABLE = _(
    "This resource is out of order or withdrawn and cannot be booked."
)
NOT_YOUR_COMPANY = _("You can only book for a company you belong to.")
COMPANY_NOT_ACTIVE = _("Only active member companies can book.")
OTHER_COMPANY_UNIT = _(
    "This private unit is assigned to another company: only that company can book it."
)
NOT_ALLOWED_TO_BOOK = _(
    "The rules of this resource let only listed companies book it (who may book)."
)
IN_THE_PAST = _("The booking starts in the past: choose a time from now on.")
BEYOND_WINDOW = _(
    "Bookings open at most %(days)s days ahead (booking window): choose an earlier date."
)
TOO_SHORT = _("A booking lasts at least %(minutes)s minutes (minimum length).")
TOO_LONG = _("A booking lasts at most %(minutes)s minutes (maximum length).")
OFF_SLOT = _("Bookings start and end on %(minutes)s-minute slots (slot size).")
OUTSIDE_OPENING_HOURS = _(
    "The resource is closed at that time (opening hours): %(hours)s."
)
QUALIFICATION_MISSING = _(
    "Booking a %(type)s needs a valid qualification, which you do not hold: "
    "ask a trainer."
)
OVER_WEEK_QUOTA = _(
    "This would take your company over its quota of %(hours)s hours a week "
    "for this resource (weekly quota)."
)
OVER_MONTH_QUOTA = _(
    "This would take your company over its quota of %(hours)s hours a month "
    "for this resource (monthly quota)."
)
TAKEN = _("The resource is already taken from %(start)s to %(end)s.")


def refuse(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def as_utc(moment: datetime) -> datetime:
    """Aware datetimes in UTC. Subtracting two datetimes that share a ZoneInfo
    subtracts wall-clock times, which is wrong across a daylight-saving change."""
    if moment.tzinfo is None:
        raise ValueError("Booking times must be aware datetimes.")
    return moment.astimezone(UTC)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def opening_intervals(rule: BookingRule) -> dict[int, list[tuple[int, int]]]:
    """Weekday → merged opening intervals in minutes from local midnight."""
    by_day: dict[int, list[tuple[int, int]]] = {day: [] for day in range(7)}
    for hours in rule.opening_hours.all():
        by_day[hours.weekday].append((hours.opens_minute, hours.closes_minute))
    for day, intervals in by_day.items():
        merged: list[tuple[int, int]] = []
        for opens, closes in sorted(intervals):
            if merged and opens <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
            else:
                merged.append((opens, closes))
        by_day[day] = merged
    return by_day


def opening_text(rule: BookingRule) -> str:
    names = [str(name) for _value, name in _weekday_choices()]
    parts = []
    for day, intervals in opening_intervals(rule).items():
        if intervals:
            spans = ", ".join(f"{hhmm(a)}–{hhmm(b)}" for a, b in intervals)
            parts.append(f"{names[day]} {spans}")
    return "; ".join(parts) or str(_("always closed"))


def _weekday_choices():
    from multifactory.place.models import OpeningHours

    return OpeningHours.Weekday.choices


def is_open(rule: BookingRule, start: datetime, end: datetime, zone: ZoneInfo) -> bool:
    """Whether [start, end) lies inside the opening hours, read on the local wall clock.

    Opening hours are wall-clock times, so the booking is converted to local time and
    walked day by day; on a daylight-saving night 01:00–04:00 is still inside a
    00:00–24:00 day even though it lasts two or four real hours.
    """
    intervals = opening_intervals(rule)
    cursor = start.astimezone(zone).replace(tzinfo=None)
    stop = end.astimezone(zone).replace(tzinfo=None)
    while cursor < stop:
        midnight = datetime.combine(cursor.date(), time())
        segment_end = min(stop, midnight + timedelta(days=1))
        first = (cursor - midnight) // timedelta(minutes=1)
        last = -(-(segment_end - midnight) // timedelta(minutes=1))
        if not any(
            opens <= first and last <= closes
            for opens, closes in intervals[cursor.weekday()]
        ):
            return False
        cursor = segment_end
    return True


def on_slot(moment: datetime, slot_minutes: int, zone: ZoneInfo) -> bool:
    local = moment.astimezone(zone)
    if local.second or local.microsecond:
        return False
    return (local.hour * 60 + local.minute) % slot_minutes == 0


def week_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local calendar week (Monday to Monday) containing `day`, as UTC moments."""
    monday = day - timedelta(days=day.weekday())
    return local_midnight(monday, zone), local_midnight(monday + timedelta(7), zone)


def month_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    first = day.replace(day=1)
    days = calendar.monthrange(day.year, day.month)[1]
    return local_midnight(first, zone), local_midnight(first + timedelta(days), zone)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def qualification_is_valid(qualification: Qualification, on: date) -> bool:
    if qualification.revoked_at is not None or qualification.granted_on > on:
        return False
    if qualification.expires_on is not None and qualification.expires_on < on:
        return False
    if qualification.lapse_months:
        last = max(qualification.granted_on, qualification.last_used_on or date.min)
        if add_months(last, qualification.lapse_months) < on:
            return False
    return True


def valid_qualification(person, equipment_type, on: date) -> Qualification | None:
    candidates = Qualification.objects.filter(
        person=person, equipment_type=equipment_type, revoked_at__isnull=True
    )
    return next((q for q in candidates if qualification_is_valid(q, on)), None)


def unit_holder(unit: Resource, on: date) -> int | None:
    """The id of the company the unit is assigned to on `on`, if any."""
    assignment = (
        UnitAssignment.objects.filter(unit=unit, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .only("organization_id")
        .first()
    )
    return assignment.organization_id if assignment else None


def _booked_hours(*, resource, organization, since, until, exclude_id) -> timedelta:
    """Holding time a company booked of a resource, for bookings starting in a period."""
    # Summed in Python: the rows are few (one company, one resource, one month) and
    # SQLite has no duration arithmetic.
    bookings = (
        Booking.objects.filter(
            resource=resource,
            organization=organization,
            status__in=HOLDING,
            start__gte=since,
            start__lt=until,
        )
        .exclude(pk=exclude_id)
        .values_list("start", "end")
    )
    return sum((end - start for start, end in bookings), timedelta())


def first_conflict(
    *, resource, start: datetime, blocked_until: datetime, exclude_id=None
) -> Booking | None:
    """The earliest holding booking whose blocked time meets [start, blocked_until)."""
    earliest = start - MAX_BOOKING_SPAN - timedelta(minutes=MAX_BUFFER_MINUTES)
    return (
        Booking.objects.filter(
            resource=resource,
            status__in=HOLDING,
            start__gte=earliest,
            start__lt=blocked_until,
            blocked_until__gt=start,
        )
        .exclude(pk=exclude_id)
        .order_by("start")
        .first()
    )


def taken_error(conflict: Booking, zone: ZoneInfo) -> ValidationError:
    return refuse(
        TAKEN,
        "taken",
        start=local_text(conflict.start, zone),
        end=local_text(conflict.blocked_until, zone),
    )


def booking_check(
    *,
    resource: Resource,
    rule: BookingRule,
    organization: Organization,
    by,
    start: datetime,
    end: datetime,
    now: datetime,
    exclude_id: int | None = None,
) -> None:
    """Raise ValidationError naming the first rule that refuses this booking."""
    zone = resource.multifactory.zone
    start, end = as_utc(start), as_utc(end)
    if end < start:
        raise refuse(END_BEFORE_START, "end_before_start")
    if end == start:
        raise refuse(ZERO_LENGTH, "zero_length")
    if not resource.is_bookable:
        raise refuse(RESOURCE_UNAVAILABLE, "resource_unavailable")
    if (
        organization.multifactory_id != resource.multifactory_id
        or organization.status not in ACTIVE_STATUSES
    ):
        raise refuse(COMPANY_NOT_ACTIVE, "company_not_active")
    if not acts_for(by, organization):
        # Not a fault of the booking but of who asks: a refusal (403), not a form error.
        raise PermissionDenied(NOT_YOUR_COMPANY)
    local_day = start.astimezone(zone).date()
    if resource.kind == ResourceKind.UNIT and unit_holder(resource, local_day) != (
        organization.pk
    ):
        raise refuse(OTHER_COMPANY_UNIT, "other_company_unit")
    if rule.who == Who.LISTED and organization not in rule.allowed_organizations.all():
        raise refuse(NOT_ALLOWED_TO_BOOK, "not_allowed_to_book")
    if start < now:
        raise refuse(IN_THE_PAST, "in_the_past")
    if start > now + timedelta(days=rule.window_days):
        raise refuse(BEYOND_WINDOW, "beyond_window", days=rule.window_days)
    length = end - start
    if length < timedelta(minutes=rule.min_minutes):
        raise refuse(TOO_SHORT, "too_short", minutes=rule.min_minutes)
    if length > timedelta(minutes=rule.max_minutes):
        raise refuse(TOO_LONG, "too_long", minutes=rule.max_minutes)
    if not (
        on_slot(start, rule.slot_minutes, zone)
        and on_slot(end, rule.slot_minutes, zone)
    ):
        raise refuse(OFF_SLOT, "off_slot", minutes=rule.slot_minutes)
    if not is_open(rule, start, end, zone):
        raise refuse(
            OUTSIDE_OPENING_HOURS, "outside_opening_hours", hours=opening_text(rule)
        )
    equipment_type = resource.equipment_type
    if (
        equipment_type is not None
        and equipment_type.requires_qualification
        and valid_qualification(by, equipment_type, local_day) is None
    ):
        raise refuse(
            QUALIFICATION_MISSING, "qualification_missing", type=equipment_type.name
        )
    for quota, bounds, message, code in (
        (rule.quota_week_hours, week_bounds, OVER_WEEK_QUOTA, "over_week_quota"),
        (rule.quota_month_hours, month_bounds, OVER_MONTH_QUOTA, "over_month_quota"),
    ):
        if quota is None:
            continue
        since, until = bounds(local_day, zone)
        used = _booked_hours(
            resource=resource,
            organization=organization,
            since=since,
            until=until,
            exclude_id=exclude_id,
        )
        if used + length > timedelta(hours=quota):
            raise refuse(message, code, hours=quota)
    blocked_until = end + timedelta(minutes=rule.buffer_minutes)
    conflict = first_conflict(
        resource=resource,
        start=start,
        blocked_until=blocked_until,
        exclude_id=exclude_id,
    )
    if conflict is not None:
        raise taken_error(conflict, zone)
