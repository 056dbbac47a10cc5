from django.urls import path

from multifactory.community import views

app_name = "community"

urlpatterns = [
    path("m/<slug:mf>/", views.multifactory_home, name="multifactory"),
    path("m/<slug:mf>/settings/", views.multifactory_settings, name="settings"),
    path("m/<slug:mf>/companies/", views.directory, name="directory"),
    path(
        "m/<slug:mf>/add-company/",
        views.organization_create,
        name="organization_create",
    ),
    path(
        "m/<slug:mf>/companies/<slug:org>/",
        views.organization_detail,
        name="organization",
    ),
    path(
        "m/<slug:mf>/companies/<slug:org>/edit/",
        views.organization_edit,
        name="organization_edit",
    ),
    path(
        "m/<slug:mf>/companies/<slug:org>/status/",
        views.organization_status,
        name="organization_status",
    ),
    path(
        "m/<slug:mf>/companies/<slug:org>/invite/",
        views.invitation_create,
        name="invitation_create",
    ),
    path(
        "m/<slug:mf>/companies/<slug:org>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "m/<slug:mf>/companies/<slug:org>/people/<int:pk>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "m/<slug:mf>/companies/<slug:org>/people/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("m/<slug:mf>/people/", views.people, name="people"),
    path("m/<slug:mf>/people/<int:person_id>/", views.person_detail, name="person"),
    path("m/<slug:mf>/mandates/", views.mandates, name="mandates"),
    path("m/<slug:mf>/mandates/grant/", views.mandate_grant, name="mandate_grant"),
    path(
        "m/<slug:mf>/mandates/<int:pk>/revoke/",
        views.mandate_revoke,
        name="mandate_revoke",
    ),
]
