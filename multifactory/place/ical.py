"""iCalendar (RFC 5545) feeds of bookings, built with the icalendar library."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from multifactory.place.models import Booking, BookingStatus


def calendar_for(bookings: Iterable[Booking], *, name: str) -> bytes:
    """One VEVENT per booking. Occurrences of a recurring series are stored one by
    one (each may be moved or cancelled), so they are sent as events that share the
    series in RELATED-TO rather than as an RRULE that would hide those changes."""
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "multifactory"
    calendar = Calendar()
    calendar.add("prodid", "-//multifactory//place//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for booking in bookings:
        event = Event()
        event.add("uid", f"booking-{booking.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", booking.updated_at)
        event.add("dtstart", booking.start)
        event.add("dtend", booking.end)
        summary = f"{booking.resource.name} — {booking.organization.name}"
        if booking.title:
            summary += f": {booking.title}"
        event.add("summary", summary)
        event.add(
            "status",
            "TENTATIVE" if booking.status == BookingStatus.PENDING else "CONFIRMED",
        )
        if booking.series_id:
            event.add("related-to", f"series-{booking.series_id}@{host}")
        calendar.add_component(event)
    return calendar.to_ical()
