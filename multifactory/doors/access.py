"""Who may see and do what with doors and keys. Each function returns the object or
raises. Doors, keys, policies and controllers are managed by the keys keeper
(place.access.PLACE_MANDATE): the services check the mandate (or a decision); these
functions find the object among the multifactory's, for a member, or answer 404."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from multifactory.community.access import member_require
from multifactory.community.models import Multifactory
from multifactory.doors.models import AccessPolicy, Door, DoorController, Key
from multifactory.place.access import PLACE_MANDATE, place_mandate_require

__all__ = ["PLACE_MANDATE", "member_require", "place_mandate_require"]

NO_SUCH_DOOR = _("No such door in this multifactory.")
NO_SUCH_KEY = _("No such key in this multifactory.")
NO_SUCH_POLICY = _("No such access policy in this multifactory.")
NO_SUCH_CONTROLLER = _("No such door controller in this multifactory.")


def door_get_for_member(person, multifactory: Multifactory, slug: str) -> Door:
    member_require(person, multifactory)
    door = Door.objects.filter(multifactory=multifactory, slug=slug).first()
    if door is None:
        raise Http404(NO_SUCH_DOOR)
    return door


def key_get_for_member(person, multifactory: Multifactory, pk: int) -> Key:
    member_require(person, multifactory)
    key = Key.objects.filter(multifactory=multifactory, pk=pk).first()
    if key is None:
        raise Http404(NO_SUCH_KEY)
    return key


def policy_get_for_member(person, multifactory: Multifactory, pk: int) -> AccessPolicy:
    member_require(person, multifactory)
    policy = AccessPolicy.objects.filter(multifactory=multifactory, pk=pk).first()
    if policy is None:
        raise Http404(NO_SUCH_POLICY)
    return policy


def controller_get_for_member(
    person, multifactory: Multifactory, pk: int
) -> DoorController:
    member_require(person, multifactory)
    controller = DoorController.objects.filter(multifactory=multifactory, pk=pk).first()
    if controller is None:
        raise Http404(NO_SUCH_CONTROLLER)
    return controller
