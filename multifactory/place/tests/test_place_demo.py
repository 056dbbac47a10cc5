from multifactory.community.demo import build_community
from multifactory.place import demo
from multifactory.place.models import Booking, Key, Resource, ResourceKind
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
    assert Key.objects.filter(multifactory=mf).count() >= 15
    rows, occupancy = units_with_holders(multifactory=mf, on=context.today)
    assert 50 < occupancy.percent < 100
