"""Who may see and do what in the community. Each function returns the object or raises.

Views and API endpoints never fetch a community object with a bare `.objects.get()`:
they call one of these, so tenancy and permission are checked in one place.
"""

from collections.abc import Iterable
from typing import Protocol, TypeGuard, runtime_checkable

from django.contrib.auth.models import AnonymousUser
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

# Whoever asks: a person, a visitor who is not logged in (`request.user`), or nobody
# (a task, a command).
Viewer = Person | AnonymousUser | None

NO_SUCH_MEMBERSHIP = _("No such person in this company.")
NOT_A_MEMBER = _(
    "Only people of the member companies of this multifactory can do this."
)
NOT_A_REPRESENTATIVE = _(
    "Only a representative of this company, or a person with a mandate for it, can do this."
)
NO_MANDATE = _("This needs a %(kind)s mandate, which you do not hold.")
DECISION_DOES_NOT_ORDER_THIS = _(
    "Only an adopted decision of this multifactory, while it carries out an effect "
    "that orders this, can do this in place of a mandate."
)


@runtime_checkable
class Authority(Protocol):
    """A decision of the managing body, as the services it orders see it.

    Community sits below the capabilities and cannot import governance: governance's
    `Decision` implements this. `authorizes` is true only for a recorded, adopted
    decision of `multifactory` while it carries out one of its effects of a kind in
    `effect`, so an old decision cannot be replayed for another act.
    """

    number: str

    def authorizes(
        self, *, multifactory: "Multifactory", effect: Iterable[str]
    ) -> bool: ...


def is_authenticated(person: Viewer) -> TypeGuard[Person]:
    return bool(person is not None and getattr(person, "is_authenticated", False))


def multifactory_get(slug: str) -> Multifactory:
    try:
        return Multifactory.objects.get(slug=slug)
    except Multifactory.DoesNotExist:
        raise Http404(_("No multifactory lives at this address.")) from None


def is_member_of(person: Viewer, multifactory: Multifactory) -> bool:
    """The one rule for belonging to a community, which every capability uses to let
    a person read its inside (people, mandates, every company, the place, governance,
    the audit trail): a person of one of its active member companies (member or
    leaving), or the holder of its founding mandate, who starts a multifactory before
    any company is recorded."""
    if not is_authenticated(person):
        return False
    return (
        Membership.objects.filter(
            person=person,
            multifactory=multifactory,
            organization__status__in=ACTIVE_STATUSES,
        ).exists()
        or Mandate.objects.active(on=multifactory.today())
        .filter(multifactory=multifactory, person=person, kind=MandateKind.FOUNDER)
        .exists()
    )


def member_require(person: Viewer, multifactory: Multifactory) -> None:
    if not is_member_of(person, multifactory):
        raise PermissionDenied(NOT_A_MEMBER)


def multifactory_get_for_member(person: Viewer, slug: str) -> Multifactory:
    multifactory = multifactory_get(slug)
    member_require(person, multifactory)
    return multifactory


def active_mandate(
    person: Viewer, multifactory: Multifactory, kind: str
) -> Mandate | None:
    """The person's active mandate of `kind` (or founder mandate), else None."""
    if not is_authenticated(person):
        return None
    mandates = Mandate.objects.active(on=multifactory.today()).filter(
        multifactory=multifactory, person=person, kind__in={kind, MandateKind.FOUNDER}
    )
    # Prefer the specific mandate over the founder's catch-all one.
    return min(mandates, key=lambda m: m.kind == MandateKind.FOUNDER, default=None)


def mandate_require(person: Viewer, multifactory: Multifactory, kind: str) -> Mandate:
    mandate = active_mandate(person, multifactory, kind)
    if mandate is None:
        raise PermissionDenied(NO_MANDATE % {"kind": MandateKind(kind).label})
    return mandate


def acts_for(person: Viewer, organization: Organization) -> bool:
    """The one rule for acting in a company's name (booking for it, its calendar
    feeds, its tasks, its keys): a person of the company, while the company sits in
    the managing body (member or leaving). A former company's people act for it no
    more."""
    return (
        is_authenticated(person)
        and organization.status in ACTIVE_STATUSES
        and Membership.objects.filter(person=person, organization=organization).exists()
    )


def decision_require(
    decision: object, multifactory: Multifactory, *, effect: str | Iterable[str]
) -> Authority:
    """`decision`, when it orders this act now (see `Authority`); else PermissionDenied.

    `effect` names the decision effect types that may order the act. A string, a
    made-up object or a decision of another multifactory, rejected or whose effects
    already ran, is refused.
    """
    kinds = frozenset([effect] if isinstance(effect, str) else effect)
    if not isinstance(decision, Authority) or not decision.authorizes(
        multifactory=multifactory, effect=kinds
    ):
        raise PermissionDenied(DECISION_DOES_NOT_ORDER_THIS)
    return decision


def authority_require(
    person: Viewer,
    multifactory: Multifactory,
    kind: str,
    *,
    decision: Authority | None,
    effect: str | Iterable[str],
) -> Mandate | None:
    """The authority for an act the managing body may order: its decision (checked by
    `decision_require`; returns None, the decision is the authority), or else the
    person's mandate of `kind` (returned)."""
    if decision is not None:
        decision_require(decision, multifactory, effect=effect)
        return None
    return mandate_require(person, multifactory, kind)


def is_representative(person: Viewer, organization: Organization) -> bool:
    """A person who acts for the company (see `acts_for`) as its representative:
    casts its vote, commits it to costs, manages its people and profile."""
    return (
        is_authenticated(person)
        and organization.status in ACTIVE_STATUSES
        and Membership.objects.filter(
            person=person, organization=organization, role=Role.REPRESENTATIVE
        ).exists()
    )


def organization_write_authority(
    person: Viewer, organization: Organization
) -> Mandate | None:
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
    person: Viewer, multifactory: Multifactory, slug: str, *, write: bool = False
) -> Organization:
    """Members see every company; visitors only public profiles of active members."""
    organizations = Organization.objects.filter(multifactory=multifactory)
    if not write and not is_member_of(person, multifactory):
        organizations = organizations.filter(is_public=True, status__in=ACTIVE_STATUSES)
    try:
        organization = organizations.select_related("multifactory").get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404(_("No such company in this multifactory.")) from None
    if write:
        organization_write_authority(person, organization)
    return organization


def person_get_for_member(
    viewer: Viewer, multifactory: Multifactory, person_id: int
) -> Person:
    """A person of this multifactory, seen by someone who can read the community."""
    if not is_member_of(viewer, multifactory):
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
    viewer: Viewer, multifactory: Multifactory, mandate_id: int
) -> Mandate:
    if not is_member_of(viewer, multifactory):
        raise PermissionDenied(NOT_A_MEMBER)
    try:
        return Mandate.objects.select_related("person").get(
            pk=mandate_id, multifactory=multifactory
        )
    except Mandate.DoesNotExist:
        raise Http404(_("No such mandate in this multifactory.")) from None


def invitation_get_for_writer(
    person: Viewer, multifactory: Multifactory, pk: int
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
    person: Viewer,
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
