from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "multifactory.community"
    label = "community"
    verbose_name = _("community")

    def ready(self) -> None:
        from multifactory.community import audit_actions  # noqa: F401  (registers them)
