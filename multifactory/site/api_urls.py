"""/api/v1/: the assembled NinjaAPI, one router per capability.

`multifactory.api` holds the helpers every router uses (auth, errors, fields,
pagination) and imports no capability; the assembly lives here, at the top. Each app
exposes ``router`` in ``multifactory/<app>/api.py`` and adds exactly one
``api.add_router`` line below.
"""

from django.urls import path, re_path

from multifactory.api.errors import not_found_view
from multifactory.api.main import build_api
from multifactory.community.api import router as community_router
from multifactory.community.trail_api import router as audit_router
from multifactory.notifications.api import router as notifications_router

api = build_api()
api.add_router("/", community_router)
api.add_router("/", notifications_router)
api.add_router("/", audit_router)
api.add_router("/", "multifactory.governance.api.router")
api.add_router("/", "multifactory.place.api.router")
api.add_router("/", "multifactory.doors.api.router")
api.add_router("/", "multifactory.care.api.router")

urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found_view),
]
