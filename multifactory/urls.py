"""The top of the project: one include per app, the assembled API, the error pages.

Nothing imports this module; it may name every app (docs/architecture.md, "Layers
between apps")."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("multifactory.site.urls")),
    path("", include("multifactory.core.urls")),
    path("", include("multifactory.community.urls")),
    path("", include("multifactory.place.urls")),
    path("", include("multifactory.doors.urls")),
    path("", include("multifactory.care.urls")),
    path("", include("multifactory.governance.urls")),
    path("notifications/", include("multifactory.notifications.urls")),
    path("m/<slug:mf>/audit/", include("multifactory.community.trail_urls")),
    path("operator/", admin.site.urls),
    path("api/v1/", include("multifactory.site.api_urls")),
]

handler403 = "multifactory.core.views.permission_denied"
handler404 = "multifactory.core.views.page_not_found"
handler500 = "multifactory.core.views.server_error"
