"""Who may see and do what in the place. Each function returns the object or raises."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from multifactory.community.access import (
    NOT_A_MEMBER,
    active_mandate,
    is_member_of,
    mandate_require,
)
from multifactory.community.models import MandateKind, Membership, Multifactory
from multifactory.place.models import Booking, BookingSeries, Incident, Resource

# Managing the place (resources, rules, unit assignments, keys) needs this mandate
# until the governance capability lets a decision of the assembly do it.
PLACE_MANDATE = MandateKind.KEYS_KEEPER
NOT_YOUR_BOOKING = _(
    "Only people of the company that booked, or the holder of the approving "
    "mandate, can change this booking."
)


def member_require(person, multifactory: Multifactory) -> None:
    if not is_member_of(person, multifactory):
        raise PermissionDenied(NOT_A_MEMBER)


def place_mandate_require(person, multifactory: Multifactory):
    return mandate_require(person, multifactory, PLACE_MANDATE)


def resource_get_for_member(person, multifactory: Multifactory, slug: str) -> Resource:
    member_require(person, multifactory)
    try:
        return Resource.objects.select_related(
            "multifactory", "equipment_type", "located_in", "lent_by", "rule"
        ).get(multifactory=multifactory, slug=slug)
    except Resource.DoesNotExist:
        raise Http404(_("No such resource in this multifactory.")) from None


def booking_write_authority(person, booking: Booking):
    """People of the booking company act for it (returns None); otherwise the holder
    of the mandate that approves bookings of the resource (returned) – or refusal."""
    if Membership.objects.filter(
        person=person, organization_id=booking.organization_id
    ).exists():
        return None
    mandate = active_mandate(
        person, booking.multifactory, booking.resource.rule.approver
    )
    if mandate is None:
        raise PermissionDenied(NOT_YOUR_BOOKING)
    return mandate


def booking_get_for_person(
    person, multifactory: Multifactory, pk: int, *, write: bool = False
) -> Booking:
    member_require(person, multifactory)
    try:
        booking = Booking.objects.select_related(
            "multifactory", "resource__rule", "organization", "booked_by"
        ).get(pk=pk, multifactory=multifactory)
    except Booking.DoesNotExist:
        raise Http404(_("No such booking in this multifactory.")) from None
    if write:
        booking_write_authority(person, booking)
    return booking


def series_get_for_person(person, multifactory: Multifactory, pk: int) -> BookingSeries:
    member_require(person, multifactory)
    try:
        series = BookingSeries.objects.select_related(
            "multifactory", "resource__rule", "organization"
        ).get(pk=pk, multifactory=multifactory)
    except BookingSeries.DoesNotExist:
        raise Http404(_("No such booking series in this multifactory.")) from None
    if not Membership.objects.filter(
        person=person, organization_id=series.organization_id
    ).exists():
        raise PermissionDenied(NOT_YOUR_BOOKING)
    return series


def incident_photo_get_for_member(person, multifactory: Multifactory, pk: int):
    """The photo of an incident, for whoever may see the incident: the people of
    the multifactory's member companies (the care page's readers)."""
    member_require(person, multifactory)
    incident = Incident.objects.filter(pk=pk, multifactory=multifactory).first()
    if incident is None or not incident.photo:
        raise Http404(_("This incident has no photo."))
    return incident.photo
