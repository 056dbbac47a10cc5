from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoorsConfig(AppConfig):
    name = "multifactory.doors"
    label = "doors"
    verbose_name = _("doors and keys")

    def ready(self) -> None:
        # Register audit actions.
        from multifactory.doors import audit_actions  # noqa: F401
