from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlaceConfig(AppConfig):
    name = "multifactory.place"
    label = "place"
    verbose_name = _("place")

    def ready(self) -> None:
        # Register notification kinds and audit actions.
        from multifactory.place import audit_actions, notifications  # noqa: F401
