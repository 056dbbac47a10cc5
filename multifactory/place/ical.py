"""iCalendar (RFC 5545) feeds of bookings, built with the icalendar library."""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from multifactory.core import recurrence
from multifactory.place.models import Booking, BookingSeries, BookingStatus
from multifactory.place.services import MAX_OCCURRENCES


def calendar_for(bookings: Iterable[Booking], *, name: str) -> bytes:
    """One VEVENT per single booking, and one per recurring series with the rule it
    was booked with (RRULE, from core.recurrence, the same text that booked it).

    The feed holds the bookings that still hold their time: a day of the rule with
    no such occurrence (left out, cancelled, rejected, moved, or older than the
    feed) is an EXDATE; an occurrence moved to another time is sent as its own
    event, RELATED-TO its series."""
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "multifactory"
    calendar = Calendar()
    calendar.add("prodid", "-//multifactory//place//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    singles: list[Booking] = []
    by_series: dict[int, list[Booking]] = defaultdict(list)
    for booking in bookings:
        if booking.series_id:
            by_series[booking.series_id].append(booking)
        else:
            singles.append(booking)
    for occurrences in by_series.values():
        moved = _add_series(calendar, occurrences, host=host, stamp=stamp)
        singles.extend(moved)
    for booking in sorted(singles, key=lambda b: b.start):
        calendar.add_component(_booking_event(booking, host=host, stamp=stamp))
    if by_series:
        calendar.add_missing_timezones()
    return calendar.to_ical()


def _summary(booking: Booking) -> str:
    summary = f"{booking.resource.name} — {booking.organization.name}"
    if booking.title:
        summary += f": {booking.title}"
    return summary


def _status(bookings: Iterable[Booking]) -> str:
    pending = any(b.status == BookingStatus.PENDING for b in bookings)
    return "TENTATIVE" if pending else "CONFIRMED"


def _booking_event(booking: Booking, *, host: str, stamp) -> Event:
    event = Event()
    event.add("uid", f"booking-{booking.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("last-modified", booking.updated_at)
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end)
    event.add("summary", _summary(booking))
    event.add("status", _status([booking]))
    if booking.series_id:
        event.add("related-to", f"series-{booking.series_id}@{host}")
    return event


def _add_series(
    calendar: Calendar, occurrences: list[Booking], *, host: str, stamp
) -> list[Booking]:
    """Add the series' VEVENT; return its occurrences moved off the rule."""
    series: BookingSeries = occurrences[0].series
    zone = series.multifactory.zone
    on_rule = set(
        recurrence.starts(
            series.rule, first_start=series.starts_at, zone=zone, limit=MAX_OCCURRENCES
        )
    )
    holding = [b for b in occurrences if b.start in on_rule]
    moved = [b for b in occurrences if b.start not in on_rule]
    if not holding:
        return moved
    held = {b.start for b in holding}
    event = Event()
    event.add("uid", f"series-{series.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("last-modified", max(b.updated_at for b in holding))
    event.add("dtstart", series.starts_at.astimezone(zone))
    event.add("dtend", series.ends_at.astimezone(zone))
    event.add("rrule", vRecur.from_ical(series.rule))
    # Every day of the rule that holds no time: left out when booked (the series'
    # own EXDATE), cancelled, rejected, moved, or older than the feed.
    missing = sorted(on_rule - held)
    for start in missing:
        event.add("exdate", start.astimezone(zone))
    event.add("summary", _summary(holding[0]))
    event.add("status", _status(holding))
    calendar.add_component(event)
    return moved
