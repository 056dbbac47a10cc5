from django.urls import path

from multifactory.site import views

urlpatterns = [
    path("", views.home, name="home"),
    path("found/", views.multifactory_found, name="multifactory_found"),
    path("language/", views.language_set, name="language_set"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.api_token_create, name="api_token_create"),
    path(
        "profile/tokens/<int:pk>/revoke/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
