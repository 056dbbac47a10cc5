from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("")


resource_list = week_all = my_bookings = availability = units = feeds = _todo
booking_cancel = resource_detail = week = ical_feed = _todo
