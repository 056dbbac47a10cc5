"""Pages of the care of the place: the same paths as when they were part of the place."""

from django.urls import path

from multifactory.care import views

app_name = "care"

urlpatterns = [
    path("m/<slug:mf>/place/care/", views.care, name="care"),
    path(
        "m/<slug:mf>/place/care/tasks/<int:pk>/status/",
        views.task_status,
        name="task_status",
    ),
    path(
        "m/<slug:mf>/place/care/incidents/<int:pk>/photo/",
        views.incident_photo,
        name="incident_photo",
    ),
    path(
        "m/<slug:mf>/place/care/incidents/<int:pk>/status/",
        views.incident_status,
        name="incident_status",
    ),
    path("m/<slug:mf>/place/care/rotas/new/", views.rota_create, name="rota_create"),
]
