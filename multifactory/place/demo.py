"""Demo data of the place: units, common spaces, equipment, a month of bookings,
keys and badges, incidents, tasks and a chores rota, for the R84 demo community.

Everything goes through the place services (so the audit trail is the real one) and
depends only on `demo.rng` and `demo.today`.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError

from multifactory.community.models import (
    ACTIVE_STATUSES,
    Mandate,
    MandateKind,
    Organization,
)
from multifactory.core.demo import DemoContext
from multifactory.place import services
from multifactory.place.models import ResourceKind

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

    # Keys, badges and doors --------------------------------------------------------------
    front = services.door_create(by=keeper, multifactory=mf, name="Front door")
    workshop_door = services.door_create(
        by=keeper, multifactory=mf, name="Workshop door", resource=workshop
    )
    services.access_policy_create(
        by=keeper, multifactory=mf, name="Members: front door, 24 hours", door=front
    )
    services.access_policy_create(
        by=keeper,
        multifactory=mf,
        name="Members: workshop, 6:00–23:00",
        door=workshop_door,
        opens_minute=6 * 60,
        closes_minute=23 * 60,
    )
    controller, _token = services.door_controller_create(
        by=keeper,
        multifactory=mf,
        name="Entrance controller",
        doors=[front, workshop_door],
    )
    for n, (company, people) in enumerate(bookers[:12]):
        badge = services.key_create(
            by=keeper,
            multifactory=mf,
            kind="badge",
            label=f"Badge {n + 1}",
            code=f"R84-{1000 + n}",
            doors=[front, workshop_door],
            deposit=1000,
        )
        services.key_issue(
            by=keeper,
            key=badge,
            holder=people[0],
            organization=company,
            issued_on=today - timedelta(days=rng.randint(10, 300)),
            deposit_paid=1000,
        )
    for n, label in enumerate(("Garden gate", "Showroom", "Electrical room")):
        key = services.key_create(
            by=keeper,
            multifactory=mf,
            kind="key",
            label=label,
            code=f"K-{n + 1}",
            deposit=2000,
        )
        if n < 2:
            company, people = bookers[n + 5]
            services.key_issue(
                by=keeper,
                key=key,
                holder=people[0],
                organization=company,
                deposit_paid=2000,
            )
    for n in range(20):
        moment = datetime.combine(
            today - timedelta(days=n % 5), time(rng.randint(0, 23)), tzinfo=zone
        )
        services.access_check(
            controller=controller,
            door_code=rng.choice(("front-door", "workshop-door")),
            badge_code=f"R84-{1000 + rng.randint(0, 14)}",
            at=moment,
        )

    # Care of the place ----------------------------------------------------------------
    reporter = bookers[2][1][0]
    leak = services.incident_report(
        by=reporter,
        multifactory=mf,
        title="Water leaking under the kitchen sink",
        resource=kitchen,
        urgency="high",
    )
    services.incident_report(
        by=bookers[4][1][0],
        multifactory=mf,
        title="Laser cutter lens is dirty",
        resource=laser,
        urgency="normal",
    )
    services.incident_report(
        by=bookers[6][1][0],
        multifactory=mf,
        title="Garden lamp broken",
        location="Near the bicycle rack",
        urgency="low",
    )
    services.maintenance_task_create(
        by=keeper,
        multifactory=mf,
        title="Fix the kitchen sink",
        incident=leak,
        resource=kitchen,
        assigned_organization=bookers[7][0],
        due_on=today + timedelta(days=3),
    )
    services.maintenance_task_create(
        by=keeper,
        multifactory=mf,
        title="Yearly check of the overhead crane",
        resource=crane,
        assigned_person=keeper,
        due_on=today + timedelta(days=20),
    )
    services.chore_rota_create(
        by=keeper,
        multifactory=mf,
        name="Kitchen cleaning",
        description="Dishwasher, fridge, floor: every evening of your week.",
        companies=[company for company, _people in bookers[:10]],
        starts_on=today - timedelta(days=today.weekday() + 14),
    )
    services.chore_rota_create(
        by=keeper,
        multifactory=mf,
        name="Garden care",
        description="Watering and mowing.",
        companies=[company for company, _people in bookers[10:16]] or companies[:1],
        starts_on=today.replace(day=1),
        period_days=14,
    )


_PURPOSES = ("", "Client meeting", "Prototype", "Team lunch", "Workshop", "Delivery")


def _now(today, zone) -> datetime:
    """Noon of the demo's today: bookings after it are in the future."""
    return datetime.combine(today, time(12), tzinfo=zone)
