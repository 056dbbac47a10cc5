from django.urls import path

from multifactory.place import views

app_name = "place"

urlpatterns = [
    path("m/<slug:mf>/place/", views.resource_list, name="resources"),
    path("m/<slug:mf>/place/week/", views.week_all, name="week_all"),
    path("m/<slug:mf>/place/my-bookings/", views.my_bookings, name="my_bookings"),
    path("m/<slug:mf>/place/availability/", views.availability, name="availability"),
    path("m/<slug:mf>/place/units/", views.units, name="units"),
    path("m/<slug:mf>/place/feeds/", views.feeds, name="feeds"),
    path(
        "m/<slug:mf>/place/bookings/<int:pk>/cancel/",
        views.booking_cancel,
        name="booking_cancel",
    ),
    path(
        "m/<slug:mf>/place/bookings/<int:pk>/decide/",
        views.booking_decide,
        name="booking_decide",
    ),
    path("m/<slug:mf>/place/r/<slug:slug>/", views.resource_detail, name="resource"),
    path("m/<slug:mf>/place/r/<slug:slug>/week/", views.week, name="week"),
    path("m/<slug:mf>/place/care/", views.care, name="care"),
    path(
        "m/<slug:mf>/place/bookings/<int:pk>/move/",
        views.booking_move,
        name="booking_move",
    ),
    path(
        "m/<slug:mf>/place/qualifications/",
        views.qualifications,
        name="qualifications",
    ),
    path(
        "m/<slug:mf>/place/care/tasks/<int:pk>/status/",
        views.task_status,
        name="task_status",
    ),
    path("m/<slug:mf>/place/keys/", views.keys, name="keys"),
    path("m/<slug:mf>/place/keys/issue/", views.key_issue, name="key_issue"),
    path(
        "m/<slug:mf>/place/keys/<int:pk>/return/", views.key_return, name="key_return"
    ),
    path(
        "m/<slug:mf>/place/care/incidents/<int:pk>/status/",
        views.incident_status,
        name="incident_status",
    ),
    path("m/<slug:mf>/place/r/<slug:slug>/rules/", views.rule_edit, name="rule_edit"),
    path("place/ical/<str:token>.ics", views.ical_feed, name="ical"),
]
