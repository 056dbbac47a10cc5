"""Audit actions of doors and keys."""

from django.utils.translation import gettext_lazy as _

from multifactory.audit.actions import register

register("door.created", _("Door added"))
register("door_controller.created", _("Door controller added"))
register("door_controller.rotated", _("Door controller token renewed"))
register("door_controller.revoked", _("Door controller revoked"))
register("key.created", _("Key or badge added"))
register("key.issued", _("Key or badge handed over"))
register("key.returned", _("Key or badge returned"))
register("key.lost", _("Key or badge reported lost"))
register("access_policy.created", _("Access policy added"))
register("access_policy.ended", _("Access policy ended"))
