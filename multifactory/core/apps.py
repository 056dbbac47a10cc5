from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "multifactory.core"
    label = "core"
    verbose_name = _("core")

    def ready(self):
        from multifactory.core import secret_key  # noqa: F401 (registers its check)
