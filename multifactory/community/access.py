"""Who may see and do what in the community. Each function returns the object or raises.

Views and API endpoints never fetch a community object with a bare `.objects.get()`:
they call one of these, so tenancy and permission are checked in one place.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import (
    ACTIVE_STATUSES,
    Invitation,
    Mandate,
    MandateKind,
    Membership,
    Multifactory,
    Organization,
    Person,
    Role,
)

NO_SUCH_MEMBERSHIP = _("No such person in this company.")
NOT_A_MEMBER = _(
    "Only people of the member companies of this multifactory can do this."
)
NOT_A_REPRESENTATIVE = _(
    "Only a representative of this company, or a person with a mandate for it, can do this."
)
NO_MANDATE = _("This needs a %(kind)s mandate, which you do not hold.")


def is_authenticated(person) -> bool:
    return bool(person is not None and getattr(person, "is_authenticated", False))


def multifactory_get(slug: str) -> Multifactory:
    try:
        return Multifactory.objects.get(slug=slug)
    except Multifactory.DoesNotExist:
        raise Http404(_("No multifactory lives at this address.")) from None


def is_member_of(person, multifactory: Multifactory) -> bool:
    """People of an active member company (member or leaving) belong to the community."""
    if not is_authenticated(person):
        return False
    return Membership.objects.filter(
        person=person,
        multifactory=multifactory,
        organization__status__in=ACTIVE_STATUSES,
    ).exists()


def can_read_community(person, multifactory: Multifactory) -> bool:
    """Who may read the inside of a community (its people, mandates, every company,
    the audit trail): the people of its active member companies, and a founder,
    who starts a multifactory before any company is recorded."""
    return is_member_of(person, multifactory) or (
        active_mandate(person, multifactory, MandateKind.FOUNDER) is not None
    )


def multifactory_get_for_member(person, slug: str) -> Multifactory:
    multifactory = multifactory_get(slug)
    if not can_read_community(person, multifactory):
        raise PermissionDenied(NOT_A_MEMBER)
    return multifactory


def active_mandate(person, multifactory: Multifactory, kind: str) -> Mandate | None:
    """The person's active mandate of `kind` (or founder mandate), else None."""
    if not is_authenticated(person):
        return None
    mandates = Mandate.objects.active().filter(
        multifactory=multifactory, person=person, kind__in={kind, MandateKind.FOUNDER}
    )
    # Prefer the specific mandate over the founder's catch-all one.
    return min(mandates, key=lambda m: m.kind == MandateKind.FOUNDER, default=None)


def mandate_require(person, multifactory: Multifactory, kind: str) -> Mandate:
    mandate = active_mandate(person, multifactory, kind)
    if mandate is None:
        raise PermissionDenied(NO_MANDATE % {"kind": MandateKind(kind).label})
    return mandate


def is_representative(person, organization: Organization) -> bool:
    return (
        is_authenticated(person)
        and Membership.objects.filter(
            person=person, organization=organization, role=Role.REPRESENTATIVE
        ).exists()
    )


def organization_write_authority(person, organization: Organization) -> Mandate | None:
    """Representatives act for their own company; otherwise a founder mandate is needed.

    Returns the mandate used (None when the person acts as representative) or raises.
    """
    if is_representative(person, organization):
        return None
    mandate = active_mandate(person, organization.multifactory, MandateKind.FOUNDER)
    if mandate is None:
        raise PermissionDenied(NOT_A_REPRESENTATIVE)
    return mandate


def organization_get_for_person(
    person, multifactory: Multifactory, slug: str, *, write: bool = False
) -> Organization:
    """Members see every company; visitors only public profiles of active members."""
    organizations = Organization.objects.filter(multifactory=multifactory)
    if not write and not can_read_community(person, multifactory):
        organizations = organizations.filter(is_public=True, status__in=ACTIVE_STATUSES)
    try:
        organization = organizations.select_related("multifactory").get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404(_("No such company in this multifactory.")) from None
    if write:
        organization_write_authority(person, organization)
    return organization


def person_get_for_member(viewer, multifactory: Multifactory, person_id: int) -> Person:
    """A person of this multifactory, seen by someone who can read the community."""
    if not can_read_community(viewer, multifactory):
        raise PermissionDenied(NOT_A_MEMBER)
    person = (
        Person.objects.filter(pk=person_id, memberships__multifactory=multifactory)
        .distinct()
        .first()
    )
    if person is None:
        raise Http404(_("No such person in this multifactory."))
    return person


def mandate_get_for_member(
    viewer, multifactory: Multifactory, mandate_id: int
) -> Mandate:
    if not can_read_community(viewer, multifactory):
        raise PermissionDenied(NOT_A_MEMBER)
    try:
        return Mandate.objects.select_related("person").get(
            pk=mandate_id, multifactory=multifactory
        )
    except Mandate.DoesNotExist:
        raise Http404(_("No such mandate in this multifactory.")) from None


def invitation_get_for_writer(
    person, multifactory: Multifactory, pk: int
) -> Invitation:
    try:
        invitation = Invitation.objects.select_related("organization").get(
            pk=pk, multifactory=multifactory
        )
    except Invitation.DoesNotExist:
        raise Http404(_("No such invitation.")) from None
    organization_write_authority(person, invitation.organization)
    return invitation


def membership_get_for_writer(
    person,
    multifactory: Multifactory,
    membership_id: int,
    *,
    organization: Organization | None = None,
    leaving: bool = False,
) -> Membership:
    """A membership of this multifactory that `person` may change: as a representative
    of its company or with a founder mandate. With `organization` (the company the
    address names) a membership of any other company is not found. With `leaving`,
    a person's own membership is theirs to end, whatever their role."""
    memberships = Membership.objects.filter(pk=membership_id, multifactory=multifactory)
    if organization is not None:
        memberships = memberships.filter(organization=organization)
    membership = memberships.select_related(
        "person", "organization__multifactory"
    ).first()
    if membership is None:
        raise Http404(NO_SUCH_MEMBERSHIP)
    if not (leaving and membership.person_id == getattr(person, "pk", None)):
        organization_write_authority(person, membership.organization)
    return membership
