"""A member books a meeting room in the week calendar, finds it in "my bookings",
and cancels it – with the keyboard for the booking link."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from multifactory.place import services
from multifactory.place.models import Booking, BookingStatus

pytestmark = pytest.mark.e2e


@pytest.fixture
def room(world):
    return services.resource_create(
        by=world.founder,
        multifactory=world.multifactory,
        kind="space",
        name="Meeting room",
        category="meeting_room",
        capacity=8,
        opening_hours=[(day, 8 * 60, 20 * 60) for day in range(7)],
    )


def test_a_member_books_a_room_sees_it_in_my_bookings_and_cancels_it(
    page, login, url, world, room
):
    login(world.member)
    next_week = timezone.localdate() + timedelta(days=7)
    page.goto(
        url("place:week", mf=world.multifactory.slug, slug=room.slug)
        + f"?week={next_week.isoformat()}"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Week of Meeting room")

    # The free slot at 10:00 on the Wednesday of that week, reached with the keyboard.
    wednesday = next_week - timedelta(days=next_week.weekday()) + timedelta(days=2)
    label = f"Book {wednesday:%A} {wednesday.day} {wednesday:%B} at 10:00"
    slot = page.get_by_role("link", name=label)
    slot.focus()
    page.keyboard.press("Enter")
    form = page.locator("#book-form")
    expect(form.get_by_label("From")).to_have_value("10:00")
    expect(form.get_by_label("To")).to_have_value("11:00")
    form.get_by_label("Purpose").fill("Client meeting")
    form.get_by_role("button", name="Book").click()

    expect(page.locator("#messages")).to_contain_text("Booked Meeting room")
    expect(page.locator("#week-calendar")).to_contain_text("10:00–11:00 Atelier Uno")

    page.locator("#my-bookings-link").click()
    # Wait for the new page before reading the database: on SQLite the live server
    # shares this test's connection, so a query while it still answers would clash.
    expect(page.get_by_role("heading", level=1)).to_have_text("My bookings")
    booking = Booking.objects.get()
    row = page.locator(f"#booking-{booking.pk}")
    expect(row).to_contain_text("Meeting room — Client meeting")
    row.get_by_role("button", name="Cancel the booking of Meeting room").click()

    expect(page.locator("#messages")).to_contain_text("Cancelled: Meeting room.")
    expect(page.locator("#no-bookings")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
