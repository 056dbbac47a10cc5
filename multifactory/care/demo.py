"""Demo data of the care of the place: incidents, maintenance tasks and two chores
rotas, for the R84 demo community. Runs after the demo of doors and keys."""

from datetime import timedelta

from multifactory.care import services
from multifactory.community.demo_context import DemoContext
from multifactory.place.demo import place_of


def build(demo: DemoContext) -> None:
    today, mf = demo.today, demo.main
    place = place_of(demo)
    keeper, bookers, companies = place.keeper, place.bookers, place.companies
    kitchen = place.resources["Kitchen"]
    laser = place.resources["Laser cutter"]
    crane = place.resources["Overhead crane"]

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
