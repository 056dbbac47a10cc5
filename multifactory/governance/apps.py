from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "multifactory.governance"
    label = "governance"
    verbose_name = _("governance")

    def ready(self) -> None:
        # Register notification kinds, rule keys, decision effects, audit actions.
        from multifactory.governance import (  # noqa: F401
            audit_actions,
            effects,
            kinds,
            rules,
        )
