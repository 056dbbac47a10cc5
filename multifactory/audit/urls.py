from django.urls import path

from multifactory.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.trail, name="trail"),
]
