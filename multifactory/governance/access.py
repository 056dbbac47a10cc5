"""Who may see and do what in governance. Each function returns the object or raises."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from multifactory.community import access as community
from multifactory.community.access import Viewer
from multifactory.community.models import (
    ACTIVE_STATUSES,
    Mandate,
    MandateKind,
    Membership,
    Multifactory,
    Organization,
    Role,
)
from multifactory.governance.models import (
    Application,
    ApplicationState,
    Assembly,
    Decision,
    Proposal,
)

NOT_ALLOWED_TO_PROPOSE = _(
    "Only a representative of a member company, or a facilitator, can make a proposal."
)
NOT_ALLOWED_TO_CLOSE = _(
    "Only a facilitator can close a proposal early; its proposer can close it once "
    "every company has voted or the voting window has ended."
)
NOT_ALLOWED_TO_MANAGE = _("Only the proposer or a facilitator can do this.")
NO_SUCH_PROPOSAL = _("No such proposal in this multifactory.")
NO_SUCH_DECISION = _("No such decision in this multifactory.")
NO_SUCH_APPLICATION = _("No such application in this multifactory.")


# Governance is read by the members of the community: the community's one rule.
member_require = community.member_require


def represented_companies(
    person: Viewer, multifactory: Multifactory
) -> list[Organization]:
    """The active member companies `person` represents in `multifactory`."""
    if not community.is_authenticated(person):
        return []
    return [
        membership.organization
        for membership in Membership.objects.filter(
            person=person,
            multifactory=multifactory,
            role=Role.REPRESENTATIVE,
            organization__status__in=ACTIVE_STATUSES,
        ).select_related("organization")
    ]


def proposal_authority(person: Viewer, multifactory: Multifactory) -> Mandate | None:
    """Representatives propose for their company; a facilitator may too."""
    if represented_companies(person, multifactory):
        return None
    mandate = community.active_mandate(person, multifactory, MandateKind.FACILITATOR)
    if mandate is None:
        raise PermissionDenied(NOT_ALLOWED_TO_PROPOSE)
    return mandate


def proposal_manage_authority(person: Viewer, proposal: Proposal) -> Mandate | None:
    """The proposer, or a facilitator (the founder mandate counts)."""
    mandate = community.active_mandate(
        person, proposal.multifactory, MandateKind.FACILITATOR
    )
    if mandate is not None:
        return mandate
    if community.is_authenticated(person) and person.pk == proposal.proposed_by_id:
        return None
    raise PermissionDenied(NOT_ALLOWED_TO_MANAGE)


def allows(authority: Callable[..., Mandate | None], *args: Any) -> bool:
    """Whether an authority function lets this through: pages offer only the
    buttons that will not answer 403."""
    try:
        authority(*args)
    except PermissionDenied:
        return False
    return True


def proposal_close_authority(
    person: Viewer, proposal: Proposal, now: datetime | None = None
) -> Mandate | None:
    now = now or timezone.now()
    mandate = community.active_mandate(
        person, proposal.multifactory, MandateKind.FACILITATOR
    )
    if mandate is not None:
        return mandate
    is_proposer = (
        community.is_authenticated(person) and person.pk == proposal.proposed_by_id
    )
    window_over = proposal.closes_at is not None and proposal.closes_at <= now
    everyone_voted = proposal.ballots.count() >= proposal.electorate_size
    if is_proposer and (window_over or everyone_voted):
        return None
    raise PermissionDenied(NOT_ALLOWED_TO_CLOSE)


def _get_for_member[M: Model](
    person: Viewer,
    multifactory: Multifactory,
    queryset: QuerySet[M],
    not_found: str | Promise,
    **lookup: Any,
) -> M:
    """One object of this multifactory for one of its members, or 404 with `not_found`."""
    member_require(person, multifactory)
    try:
        return queryset.get(multifactory=multifactory, **lookup)
    except ObjectDoesNotExist:
        raise Http404(not_found) from None


def proposal_get_for_member(
    person: Viewer, multifactory: Multifactory, pk: int
) -> Proposal:
    return _get_for_member(
        person,
        multifactory,
        Proposal.objects.select_related("proposed_by", "multifactory"),
        NO_SUCH_PROPOSAL,
        pk=pk,
    )


def decision_get_for_member(
    person: Viewer, multifactory: Multifactory, year: int, seq: int
) -> Decision:
    return _get_for_member(
        person,
        multifactory,
        Decision.objects.select_related("proposal", "amends", "revokes"),
        NO_SUCH_DECISION,
        year=year,
        sequence=seq,
    )


NO_SUCH_ASSEMBLY = _("No such assembly in this multifactory.")


def assembly_get_for_member(
    person: Viewer, multifactory: Multifactory, pk: int
) -> Assembly:
    return _get_for_member(
        person,
        multifactory,
        Assembly.objects.select_related("multifactory", "convened_by"),
        NO_SUCH_ASSEMBLY,
        pk=pk,
    )


def application_get_for_member(
    person: Viewer, multifactory: Multifactory, pk: int
) -> Application:
    """A confirmed application, for the members who evaluate it. An unconfirmed one
    (its e-mail link not yet opened: possibly spam, possibly sent in someone else's
    name) does not exist for anybody until it is confirmed."""
    member_require(person, multifactory)
    application = (
        Application.objects.filter(pk=pk, call__multifactory=multifactory)
        .exclude(state=ApplicationState.UNCONFIRMED)
        .select_related("call", "proposal", "organization")
        .first()
    )
    if application is None:
        raise Http404(NO_SUCH_APPLICATION)
    return application
