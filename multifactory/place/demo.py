"""Demo data of the place: units, common spaces, equipment and a month of bookings,
for the R84 demo community (doors and keys, and the care of the place, build on it:
multifactory.doors.demo, multifactory.care.demo, with `place_of`).

Everything goes through the place services (so the audit trail is the real one) and
depends only on `demo.rng` and `demo.today`.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError

from multifactory.community.demo_context import DemoContext
from multifactory.community.models import (
    ACTIVE_STATUSES,
    Mandate,
    MandateKind,
    Organization,
    Person,
)
from multifactory.place import services
from multifactory.place.models import Resource, ResourceKind

WEEKDAYS_7_TO_22 = [(day, 7 * 60, 22 * 60) for day in range(5)] + [(5, 8 * 60, 14 * 60)]
UNIT_AREAS = (10, 18, 25, 32, 40, 55, 60, 80, 95, 120, 150, 200, 250, 400, 600, 1000)


def _holder(demo: DemoContext, kind: str, scope: str = ""):
    mandate = (
        Mandate.objects.active(on=demo.today)
        .filter(multifactory=demo.main, kind=kind, scope__icontains=scope)
        .select_related("person")
        .first()
    )
    return mandate.person if mandate else demo.founder


@dataclass
class PlaceOfDemo:
    keeper: Person
    companies: list[Organization]
    bookers: list[tuple[Organization, list[Person]]]  # companies with their people
    resources: dict[str, Resource]  # by name


def place_of(demo: DemoContext) -> PlaceOfDemo:
    """What the place's demo built, for the apps that build on it."""
    mf = demo.main
    companies = list(
        Organization.objects.filter(multifactory=mf, status__in=ACTIVE_STATUSES)
        .order_by("name")
        .prefetch_related("memberships__person")
    )
    bookers = []
    for company in companies:
        people = [m.person for m in company.memberships.all()]
        if people:
            bookers.append((company, people))
    return PlaceOfDemo(
        keeper=_holder(demo, MandateKind.KEYS_KEEPER),
        companies=companies,
        bookers=bookers,
        resources={r.name: r for r in Resource.objects.filter(multifactory=mf)},
    )


def build(demo: DemoContext) -> None:
    rng, today, mf = demo.rng, demo.today, demo.main
    founder = demo.founder
    keeper = _holder(demo, MandateKind.KEYS_KEEPER)
    trainer = _holder(demo, MandateKind.TRAINER, "laser cutter")
    zone = mf.zone

    companies = list(
        Organization.objects.filter(multifactory=mf, status__in=ACTIVE_STATUSES)
        .order_by("name")
        .prefetch_related("memberships__person")
    )

    # Common spaces -----------------------------------------------------------------
    def space(name, category, **fields):
        return services.resource_create(
            by=keeper,
            multifactory=mf,
            kind=ResourceKind.SPACE,
            name=name,
            category=category,
            **fields,
        )

    kitchen = space(
        "Kitchen",
        "kitchen",
        capacity=12,
        area_m2=45,
        rule={"max_minutes": 180, "slot_minutes": 30},
    )
    mincio = space(
        "Meeting room Mincio",
        "meeting_room",
        capacity=8,
        area_m2=30,
        opening_hours=WEEKDAYS_7_TO_22,
        rule={"quota_week_hours": 10, "window_days": 60},
    )
    te = space(
        "Meeting room Te",
        "meeting_room",
        capacity=4,
        area_m2=16,
        opening_hours=WEEKDAYS_7_TO_22,
    )
    workshop = space(
        "Shared workshop",
        "workshop",
        capacity=10,
        area_m2=300,
        rule={"max_minutes": 600, "slot_minutes": 60},
    )
    garden = space(
        "Garden",
        "garden",
        capacity=60,
        area_m2=2000,
        rule={"max_minutes": 720, "approval_required": True},
    )
    space(
        "Showroom",
        "showroom",
        capacity=30,
        area_m2=120,
        rule={"approval_required": True, "cancel_hours": 48},
    )

    # Equipment -----------------------------------------------------------------------
    laser_type = services.equipment_type_create(
        by=keeper, multifactory=mf, name="Laser cutter", requires_qualification=True
    )
    printer_type = services.equipment_type_create(
        by=keeper, multifactory=mf, name="3D printer"
    )
    crane_type = services.equipment_type_create(
        by=keeper, multifactory=mf, name="Overhead crane", requires_qualification=True
    )
    van_type = services.equipment_type_create(by=keeper, multifactory=mf, name="Van")

    def equipment(name, equipment_type, category, **fields):
        return services.resource_create(
            by=keeper,
            multifactory=mf,
            kind=ResourceKind.EQUIPMENT,
            name=name,
            equipment_type=equipment_type,
            category=category,
            **fields,
        )

    laser = equipment(
        "Laser cutter",
        laser_type,
        "machine",
        located_in=workshop,
        hourly_cost=1500,
        rule={"buffer_minutes": 15, "quota_week_hours": 6, "max_minutes": 240},
    )
    printer = equipment(
        "3D printer",
        printer_type,
        "machine",
        located_in=workshop,
        hourly_cost=300,
        lent_by=companies[3],
        rule={"max_minutes": 720},
    )
    crane = equipment(
        "Overhead crane",
        crane_type,
        "machine",
        located_in=workshop,
        rule={"approval_required": True, "approver": MandateKind.KEYS_KEEPER},
    )
    van = equipment(
        "Van",
        van_type,
        "vehicle",
        hourly_cost=800,
        rule={"max_minutes": 600, "slot_minutes": 60},
    )

    # Private units: most active companies hold one, a few are free ------------------------
    for n, company in enumerate(companies[:-2]):
        unit = services.resource_create(
            by=keeper,
            multifactory=mf,
            kind=ResourceKind.UNIT,
            name=f"Unit {n + 1:02d}",
            area_m2=rng.choice(UNIT_AREAS),
        )
        services.unit_assign(
            by=keeper,
            unit=unit,
            organization=company,
            starts_on=company.joined_on or today - timedelta(days=365),
        )
    for n in range(3):
        services.resource_create(
            by=keeper,
            multifactory=mf,
            kind=ResourceKind.UNIT,
            name=f"Unit {len(companies) + n - 1:02d}",
            area_m2=rng.choice(UNIT_AREAS),
        )

    # Qualifications -------------------------------------------------------------------
    bookers = []
    for company in companies:
        people = [m.person for m in company.memberships.all()]
        if people:
            bookers.append((company, people))
    qualified = [people[0] for _company, people in bookers[::3]]
    for person in qualified:
        services.qualification_grant(
            by=trainer,
            person=person,
            equipment_type=laser_type,
            granted_on=today - timedelta(days=90),
            lapse_months=6,
        )
        services.qualification_grant(
            by=founder,
            person=person,
            equipment_type=crane_type,
            granted_on=today - timedelta(days=90),
            expires_on=today + timedelta(days=365),
        )

    # A weekly team meeting, four times, booked before the rest of the month
    company, people = bookers[1]
    monday = today + timedelta(days=7 - today.weekday())
    services.booking_series_create(
        by=people[0],
        resource=te,
        organization=company,
        start=datetime.combine(monday, time(9), tzinfo=zone),
        end=datetime.combine(monday, time(10), tzinfo=zone),
        frequency="weekly",
        count=4,
        title="Team meeting",
        now=_now(today, zone),
    )

    # A month of bookings: two weeks back, two weeks ahead ---------------------------------
    qualified_ids = {p.pk for p in qualified}
    targets = [kitchen, mincio, te, workshop, laser, printer, van, crane, garden]
    for offset in range(-14, 15):
        day = today + timedelta(days=offset)
        for _n in range(rng.randint(4, 9)):
            resource = rng.choice(targets)
            company, people = rng.choice(bookers)
            person = rng.choice(people)
            needs_qualification = resource.equipment_type in (laser_type, crane_type)
            if needs_qualification and person.pk not in qualified_ids:
                continue
            hour = rng.randint(8, 18)
            start = datetime.combine(day, time(hour), tzinfo=zone)
            end = start + timedelta(hours=rng.choice((1, 1, 2, 3)))
            try:
                services.booking_create(
                    by=person,
                    resource=resource,
                    organization=company,
                    start=start,
                    end=end,
                    title=rng.choice(_PURPOSES),
                    # Past bookings are recorded as booked the day before.
                    now=min(start - timedelta(days=1), _now(today, zone)),
                )
            except ValidationError:
                continue  # taken or over quota: the demo skips it, as a person would


_PURPOSES = ("", "Client meeting", "Prototype", "Team lunch", "Workshop", "Delivery")


def _now(today, zone) -> datetime:
    """Noon of the demo's today: bookings after it are in the future."""
    return datetime.combine(today, time(12), tzinfo=zone)
