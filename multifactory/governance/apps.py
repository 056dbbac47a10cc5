from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "multifactory.governance"
    label = "governance"
    verbose_name = _("governance")

    def ready(self) -> None:
        # Register notification kinds, rule keys and decision effects.
        from multifactory.governance import effects, kinds, rules  # noqa: F401
