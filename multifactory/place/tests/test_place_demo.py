from multifactory.care import demo as care_demo
from multifactory.care.models import ChoreRota, Incident
from multifactory.community.demo import build_community
from multifactory.doors import demo as doors_demo
from multifactory.doors.models import Key
from multifactory.place import demo
from multifactory.place.models import Booking, Resource, ResourceKind
from multifactory.place.selectors import units_with_holders


def test_the_demo_has_units_spaces_equipment_and_a_month_of_bookings(db, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    context = build_community()
    demo.build(context)
    mf = context.main
    units = Resource.objects.filter(multifactory=mf, kind=ResourceKind.UNIT)
    areas = sorted(units.values_list("area_m2", flat=True))
    assert areas[0] >= 10 and areas[-1] <= 1000 and len(areas) > 20
    names = set(Resource.objects.filter(multifactory=mf).values_list("name", flat=True))
    assert {
        "Kitchen",
        "Laser cutter",
        "3D printer",
        "Overhead crane",
        "Garden",
    } <= names
    bookings = Booking.objects.filter(multifactory=mf)
    assert bookings.count() > 60
    first, last = bookings.first().start, bookings.last().start
    assert (last - first).days >= 25
    rows, occupancy = units_with_holders(multifactory=mf, on=context.today)
    assert 50 < occupancy.percent < 100


def test_doors_and_care_build_on_the_place_demo(db, settings):
    """Doors and keys, then the care of the place, build on the place's demo."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    context = build_community()
    demo.build(context)
    doors_demo.build(context)
    care_demo.build(context)
    mf = context.main
    assert Key.objects.filter(multifactory=mf).count() >= 15
    assert Incident.objects.filter(multifactory=mf).count() == 3
    assert ChoreRota.objects.filter(multifactory=mf).count() == 2
