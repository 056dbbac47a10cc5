from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlaceConfig(AppConfig):
    name = "multifactory.place"
    label = "place"
    verbose_name = _("place")

    def ready(self) -> None:
        # Register notification kinds, audit actions and the decision effect.
        from multifactory.place import (  # noqa: F401
            audit_actions,
            effects,
            notifications,
        )
