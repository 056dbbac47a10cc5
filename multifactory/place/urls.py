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
    path("m/<slug:mf>/place/r/<slug:slug>/rules/", views.rule_edit, name="rule_edit"),
    path(
        "m/<slug:mf>/place/equipment-types/",
        views.equipment_types,
        name="equipment_types",
    ),
    path(
        "m/<slug:mf>/place/equipment-types/<int:pk>/",
        views.equipment_type_edit,
        name="equipment_type_edit",
    ),
    path(
        "m/<slug:mf>/place/r/<slug:slug>/edit/",
        views.resource_edit,
        name="resource_edit",
    ),
    path(
        "m/<slug:mf>/place/units/assignments/<int:pk>/end/",
        views.assignment_end,
        name="assignment_end",
    ),
    path(
        "m/<slug:mf>/place/qualifications/<int:pk>/revoke/",
        views.qualification_revoke,
        name="qualification_revoke",
    ),
    path("place/ical/<str:token>.ics", views.ical_feed, name="ical"),
]
