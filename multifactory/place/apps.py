from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlaceConfig(AppConfig):
    name = "multifactory.place"
    label = "place"
    verbose_name = _("place")

    def ready(self) -> None:
        from multifactory.place import notifications  # noqa: F401  (registers kinds)
