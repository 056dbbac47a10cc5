from django.urls import path

from multifactory.community import views

app_name = "community"

urlpatterns = [
    path("m/<slug:mf>/", views.multifactory_home, name="multifactory"),
    path("m/<slug:mf>/companies/", views.directory, name="directory"),
    path(
        "m/<slug:mf>/companies/<slug:org>/",
        views.organization_detail,
        name="organization",
    ),
    path("m/<slug:mf>/people/", views.people, name="people"),
    path("m/<slug:mf>/mandates/", views.mandates, name="mandates"),
]
