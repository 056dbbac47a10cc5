"""Demo data of doors and keys: two doors, their access policies, a controller, badges
and keys handed out and a few access checks, for the R84 demo community. Runs right
after the place's demo (INSTALLED_APPS order) and goes on with the same `demo.rng`."""

from datetime import datetime, time, timedelta

from multifactory.community.demo_context import DemoContext
from multifactory.doors import services
from multifactory.place.demo import place_of


def build(demo: DemoContext) -> None:
    rng, today, mf = demo.rng, demo.today, demo.main
    place = place_of(demo)
    keeper, bookers, zone = place.keeper, place.bookers, mf.zone
    workshop = place.resources["Shared workshop"]

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
