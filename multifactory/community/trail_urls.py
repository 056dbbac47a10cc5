from django.urls import path

from multifactory.community import trail as views

# The trail is audit's, read by members: its addresses keep the "audit" names.
app_name = "audit"

urlpatterns = [
    path("", views.trail, name="trail"),
]
