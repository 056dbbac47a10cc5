"""Fifty people try to book overlapping times of one room at once."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from multifactory.community import services as community
from multifactory.community.models import Role
from multifactory.place import services
from multifactory.place.models import Booking, BookingStatus
from multifactory.place.tests.conftest import NOW, rome

CLIENTS = 50


def all_at_once(attempt) -> None:
    """Run `attempt(n)` for every client, each in its own thread, and wait for all."""
    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


pytestmark = pytest.mark.postgres


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real concurrent writers need PostgreSQL; SQLite serializes all writers",
)
def test_fifty_parallel_overlapping_bookings_leave_exactly_one(
    transactional_db, world, place
):
    people = []
    for n in range(CLIENTS):
        person = community_person(n)
        community.membership_add(
            by=world.founder,
            organization=world.neighbour if n % 2 else world.company,
            person=person,
            role=Role.MEMBER,
        )
        people.append((person, world.neighbour if n % 2 else world.company))

    barrier = threading.Barrier(CLIENTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        person, company = people[n]
        # Every attempt overlaps every other: all contain 11:00–11:30.
        start = rome(2027, 3, 23, 10) + timedelta(minutes=30 * (n % 2))
        try:
            barrier.wait()
            services.booking_create(
                by=person,
                resource=place.room,
                organization=company,
                start=start,
                end=start + timedelta(hours=1, minutes=30),
                now=NOW,
            )
            outcome = "booked"
        except ValidationError as error:
            outcome = error.code
        except Exception as error:  # noqa: BLE001 — the test reports any other failure
            outcome = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    all_at_once(attempt)

    assert sorted(set(outcomes)) == ["booked", "taken"], outcomes
    assert outcomes.count("booked") == 1
    assert (
        Booking.objects.filter(
            resource=place.room, status=BookingStatus.CONFIRMED
        ).count()
        == 1
    )


def community_person(n: int):
    from conftest import make_person

    return make_person(f"booker{n}@example.org", f"Booker {n}")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints need PostgreSQL"
)
def test_the_database_refuses_an_overlap_that_skips_the_service(world, place):
    from django.db import IntegrityError, transaction

    first = services.booking_create(
        by=world.owner,
        resource=place.room,
        organization=world.company,
        start=rome(2027, 3, 23, 10),
        end=rome(2027, 3, 23, 12),
        now=NOW,
    )
    clone = Booking(
        multifactory=first.multifactory,
        resource=first.resource,
        organization=world.neighbour,
        booked_by=world.founder,
        start=first.start + timedelta(hours=1),
        end=first.end + timedelta(hours=1),
        blocked_until=first.end + timedelta(hours=1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    # A cancelled booking does not hold its time.
    clone.status = BookingStatus.CANCELLED
    clone.save()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real concurrent writers need PostgreSQL; SQLite serializes all writers",
)
def test_fifty_parallel_api_clients_get_one_booking_and_forty_nine_409s(
    transactional_db, world, place, settings
):
    """The bar of the issue, end to end: HTTP requests with their own connections."""
    from django.test import Client

    from multifactory.api.services import api_token_create

    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }
    tokens = []
    for n in range(CLIENTS):
        person = community_person(n)
        community.membership_add(
            by=world.founder, organization=world.company, person=person
        )
        tokens.append(api_token_create(by=person, name="race")[1])
    # The API uses the real clock: book 10:00 on a Tuesday one to two weeks ahead.
    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=7)
    day += timedelta(days=(1 - day.weekday()) % 7)
    start = rome(day.year, day.month, day.day, 10)
    barrier = threading.Barrier(CLIENTS)
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        client = Client()
        body = {
            "resource": place.room.slug,
            "organization": world.company.slug,
            "start": (start + timedelta(minutes=30 * (n % 2))).isoformat(),
            "end": (start + timedelta(hours=1, minutes=30)).isoformat(),
        }
        try:
            barrier.wait()
            response = client.post(
                "/api/v1/m/r84-test/place/bookings",
                body,
                content_type="application/json",
                headers={"Authorization": f"Bearer {tokens[n]}"},
            )
            status = response.status_code
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    all_at_once(attempt)

    assert sorted(set(statuses)) == [201, 409], statuses
    assert statuses.count(201) == 1
    assert Booking.objects.filter(resource=place.room).count() == 1
