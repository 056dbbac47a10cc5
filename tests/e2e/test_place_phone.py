"""The place's pages fit a 360 px phone: tables scroll inside their `.table-wrap`,
the page itself never scrolls sideways – "my bookings" with a booking in it, and the
keys keeper's pages with their many forms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from multifactory.place import services
from multifactory.place.tests.conftest import rome

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"
# Several forms on one page: every id once, every field with its own label.
PROBLEMS = """() => {
  const problems = [];
  const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
  ids.filter((id, i) => ids.indexOf(id) !== i).forEach(id =>
    problems.push('duplicate id ' + id));
  document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]), select, textarea').forEach(el => {
    if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
      problems.push('unlabelled ' + el.outerHTML.slice(0, 80));
  });
  return problems;
}"""


@pytest.fixture
def booked(world):
    room = services.resource_create(
        by=world.founder,
        multifactory=world.multifactory,
        kind="space",
        name="Meeting room with a rather long name for a small screen",
        category="meeting_room",
    )
    day = timezone.localdate() + timedelta(days=3)
    services.booking_create(
        by=world.founder,
        resource=room,
        organization=world.neighbour,
        start=rome(day.year, day.month, day.day, 10),
        end=rome(day.year, day.month, day.day, 11),
        title="Quarterly review with the accountants",
    )
    return room


def test_the_place_pages_do_not_scroll_sideways_on_a_phone(
    new_context, login, url, world, booked
):
    context = new_context(viewport=PHONE)
    login(world.founder, into=context)
    page = context.new_page()
    mf = world.multifactory.slug
    wide = {}
    for name in (
        "place:my_bookings",
        "doors:keys",
        "place:equipment_types",
        "place:units",
        "care:care",
        "care:rota_create",
        "place:qualifications",
    ):
        page.goto(url(name, mf=mf))
        page.wait_for_load_state("load")
        overflow = page.evaluate(SIDEWAYS)
        if overflow > 0:
            wide[name] = overflow
        assert page.evaluate(PROBLEMS) == [], name
    assert page.goto(url("place:my_bookings", mf=mf)).status == 200
    assert page.locator(".table-wrap #my-bookings").count() == 1
    assert wide == {}
