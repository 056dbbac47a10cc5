"""Who may see and do what in the place. Each function returns the object or raises."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from multifactory.community.access import (
    active_mandate,
    acts_for,
    mandate_require,
    member_require,
)
from multifactory.community.models import (
    MandateKind,
    Multifactory,
)
from multifactory.place.models import Booking, BookingSeries, Resource

# Managing the place (resources, rules, unit assignments, keys) needs this mandate
# until the governance capability lets a decision of the assembly do it.
PLACE_MANDATE = MandateKind.KEYS_KEEPER
NOT_YOUR_BOOKING = _(
    "Only people of the company that booked, or the holder of the approving "
    "mandate, can change this booking."
)


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
    if acts_for(person, booking.organization):
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
    if not acts_for(person, series.organization):
        raise PermissionDenied(NOT_YOUR_BOOKING)
    return series
