"""Benchmark of the place: availability over a million bookings, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres bench_place   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_place \
        .venv/bin/python bench/place_bookings.py [--bookings 1000000] [--resources 500]

It migrates the database, builds a multifactory with RESOURCES resources, measures a
baseline (no bookings), inserts BOOKINGS bookings (in SQL, through the exclusion
constraint), and measures again:

- the availability query of one resource-week (the week calendar's query and the
  overlap check of every booking): median and p95 over 300 random resource-weeks,
  and its query plan (it must use an index, not scan the table);
- the "free resources for a period" search over all resources;
- the number of SQL queries of the week calendar page, which must not grow.

Everything it creates lives in the multifactory "bench-place", removed at the start.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multifactory.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# The page is rendered without collectstatic: plain static storage, no manifest.
settings.STORAGES = settings.STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from multifactory.community import services as community  # noqa: E402
from multifactory.community.models import Multifactory, Person, Role  # noqa: E402
from multifactory.community.purge import multifactory_purge  # noqa: E402
from multifactory.place import selectors  # noqa: E402
from multifactory.place.models import (  # noqa: E402
    Booking,
    BookingRule,
    OpeningHours,
    Resource,
)

SLUG = "bench-place"
EMAIL = "bench-place@example.org"
SAMPLES = 300


def setup(resources: int):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM place_booking WHERE multifactory_id IN "
            "(SELECT id FROM community_multifactory WHERE slug = %s)",
            [SLUG],
        )
    # The audit trail is append-only: a previous run's multifactory goes with its
    # history through the operator's purge, as a plain delete is refused.
    for previous in Multifactory.objects.filter(slug=SLUG):
        multifactory_purge(multifactory=previous)
    person = Person.objects.filter(email=EMAIL).first() or (
        Person.objects.create_user(EMAIL, "bench-password", full_name="Bench")
    )
    multifactory = community.multifactory_create(
        by=person, name="Bench place", slug=SLUG
    )
    company = community.organization_create(
        by=person,
        multifactory=multifactory,
        name="Bench company",
        kind="sme",
        sector="C",
        stage="mature",
        status="member",
    )
    community.membership_add(
        by=person, organization=company, person=person, role=Role.REPRESENTATIVE
    )
    rows = Resource.objects.bulk_create(
        Resource(
            multifactory=multifactory,
            kind="space",
            category="meeting_room",
            name=f"Room {n:03d}",
            slug=f"room-{n:03d}",
            capacity=4 + n % 20,
        )
        for n in range(resources)
    )
    rules = BookingRule.objects.bulk_create(
        BookingRule(resource=resource, max_minutes=24 * 60) for resource in rows
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(rule=rule, weekday=day, opens_minute=0, closes_minute=24 * 60)
        for rule in rules
        for day in range(7)
    )
    return multifactory, company, person, rows


def insert_bookings(multifactory, company, person, total: int, resources: int):
    """`total` bookings spread evenly: each resource gets one every 3 hours, 2 hours
    long, starting two years back (so "now" is in the middle of the data)."""
    per_resource = total // resources
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(
        hours=3 * per_resource // 2
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO place_booking (
                created_at, updated_at, multifactory_id, resource_id, organization_id,
                booked_by_id, start, "end", blocked_until, status, title)
            SELECT now(), now(), %(mf)s, r.id, %(org)s, %(person)s,
                   %(start)s + n * interval '3 hours',
                   %(start)s + n * interval '3 hours' + interval '2 hours',
                   %(start)s + n * interval '3 hours' + interval '2 hours',
                   CASE WHEN n %% 17 = 0 THEN 'cancelled' ELSE 'confirmed' END, ''
            FROM place_resource r, generate_series(0, %(count)s - 1) AS n
            WHERE r.multifactory_id = %(mf)s
            """,
            {
                "mf": multifactory.pk,
                "org": company.pk,
                "person": person.pk,
                "start": start,
                "count": per_resource,
            },
        )
        cursor.execute("ANALYZE place_booking")


def time_availability(multifactory, resources, rng) -> tuple[float, float, str]:
    """Median and p95 in ms of one resource-week, and the plan of one."""
    now = timezone.now()
    durations = []
    for _n in range(SAMPLES):
        resource = rng.choice(resources)
        monday = now + timedelta(days=rng.randint(-300, 300))
        query = selectors.bookings_between(
            multifactory=multifactory,
            resource=resource,
            start=monday,
            end=monday + timedelta(days=7),
        )
        began = time.perf_counter()
        list(query)
        durations.append((time.perf_counter() - began) * 1000)
    query = selectors.bookings_between(
        multifactory=multifactory,
        resource=resources[0],
        start=now,
        end=now + timedelta(days=7),
    )
    plan = query.explain(analyze=True)
    return statistics.median(durations), _p95(durations), plan


def time_search(multifactory, rng) -> tuple[float, float]:
    durations = []
    now = timezone.now()
    for _n in range(30):
        start = now + timedelta(hours=rng.randint(1, 24 * 30))
        began = time.perf_counter()
        selectors.available_resources(
            multifactory=multifactory,
            start=start,
            end=start + timedelta(hours=2),
            capacity=8,
        )
        durations.append((time.perf_counter() - began) * 1000)
    return statistics.median(durations), _p95(durations)


def week_page_queries(person, resource) -> tuple[int, float]:
    client = Client()
    client.force_login(person)
    url = f"/m/{SLUG}/place/r/{resource.slug}/week/"
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, response.status_code
    return len(queries), elapsed


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def measure(label, multifactory, person, resources, rng) -> dict:
    median, p95, plan = time_availability(multifactory, resources, rng)
    search_median, search_p95 = time_search(multifactory, rng)
    queries, page_ms = week_page_queries(person, resources[0])
    count = Booking.objects.filter(multifactory=multifactory).count()
    print(f"\n== {label}: {count:,} bookings over {len(resources)} resources")
    print(
        f"availability of one resource-week: median {median:.2f} ms, p95 {p95:.2f} ms"
    )
    print(
        f"free resources for 2 hours (all {len(resources)}): "
        f"median {search_median:.1f} ms, p95 {search_p95:.1f} ms"
    )
    print(f"week calendar page: {queries} SQL queries, {page_ms:.0f} ms")
    print("query plan of one resource-week:")
    print("  " + plan.replace("\n", "\n  "))
    return {"queries": queries, "plan": plan}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bookings", type=int, default=1_000_000)
    parser.add_argument("--resources", type=int, default=500)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("This benchmark needs PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        return 2
    rng = random.Random(500)
    call_command("migrate", verbosity=0)
    multifactory, company, person, resources = setup(args.resources)
    baseline = measure("baseline", multifactory, person, resources, rng)
    began = time.perf_counter()
    insert_bookings(multifactory, company, person, args.bookings, args.resources)
    print(f"\n(inserted in {time.perf_counter() - began:.0f} s)")
    loaded = measure("loaded", multifactory, person, resources, rng)
    ok = loaded["queries"] == baseline["queries"]
    uses_index = (
        "Index" in loaded["plan"]
        and "Seq Scan on place_booking" not in (loaded["plan"])
    )
    print(
        f"\nweek page queries {baseline['queries']} → {loaded['queries']}: "
        f"{'constant' if ok else 'GREW'}; "
        f"resource-week query {'uses an index' if uses_index else 'SCANS THE TABLE'}"
    )
    return 0 if ok and uses_index else 1


if __name__ == "__main__":
    sys.exit(main())
