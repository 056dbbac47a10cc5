from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "multifactory.care"
    label = "care"
    verbose_name = _("care of the place")

    def ready(self) -> None:
        # Register audit actions and notification kinds.
        from multifactory.care import audit_actions, notifications  # noqa: F401
