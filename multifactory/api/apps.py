from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "multifactory.api"
    label = "api"
    verbose_name = _("api")

    def ready(self) -> None:
        from multifactory.api import audit_actions  # noqa: F401  (registers them)
