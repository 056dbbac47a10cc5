"""Pages of doors and keys: the same paths as when they were part of the place."""

from django.urls import path

from multifactory.doors import views

app_name = "doors"

urlpatterns = [
    path("m/<slug:mf>/place/keys/", views.keys, name="keys"),
    path("m/<slug:mf>/place/keys/issue/", views.key_issue, name="key_issue"),
    path(
        "m/<slug:mf>/place/keys/<int:pk>/return/", views.key_return, name="key_return"
    ),
    path("m/<slug:mf>/place/keys/doors/", views.door_create, name="door_create"),
    path("m/<slug:mf>/place/keys/new/", views.key_create, name="key_create"),
    path("m/<slug:mf>/place/keys/policies/", views.policy_create, name="policy_create"),
    path(
        "m/<slug:mf>/place/keys/policies/<int:pk>/end/",
        views.policy_end,
        name="policy_end",
    ),
    path(
        "m/<slug:mf>/place/keys/controllers/",
        views.controller_create,
        name="controller_create",
    ),
    path(
        "m/<slug:mf>/place/keys/controllers/<int:pk>/rotate/",
        views.controller_rotate,
        name="controller_rotate",
    ),
    path(
        "m/<slug:mf>/place/keys/controllers/<int:pk>/revoke/",
        views.controller_revoke,
        name="controller_revoke",
    ),
]
