"""Reads of the community capability. Every list is scoped to one multifactory."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from multifactory.community import access
from multifactory.community.models import (
    ACTIVE_STATUSES,
    Invitation,
    Mandate,
    Membership,
    Multifactory,
    Organization,
    Person,
    Role,
)


def organization_list(
    *,
    viewer: access.Viewer,
    multifactory: Multifactory,
    kind: str = "",
    sector: str = "",
    stage: str = "",
    status: str = "",
    search: str = "",
) -> QuerySet[Organization]:
    """The member directory. Visitors see only public profiles of active members;
    members see every company, and by default the active ones."""
    organizations = Organization.objects.filter(multifactory=multifactory)
    if access.is_member_of(viewer, multifactory):
        organizations = (
            organizations.filter(status=status)
            if status
            else (organizations.filter(status__in=ACTIVE_STATUSES))
        )
    else:
        organizations = organizations.filter(is_public=True, status__in=ACTIVE_STATUSES)
    if kind:
        organizations = organizations.filter(kind=kind)
    if sector:
        organizations = organizations.filter(sector=sector)
    if stage:
        organizations = organizations.filter(stage=stage)
    if search:
        organizations = organizations.filter(
            Q(name__icontains=search)
            | Q(produces__icontains=search)
            | Q(description__icontains=search)
        )
    return organizations.annotate(people_count=Count("memberships")).order_by("name")


def person_list(*, multifactory: Multifactory, search: str = "") -> QuerySet[Person]:
    """People of the companies of a multifactory, each with their memberships there."""
    people = Person.objects.filter(
        memberships__multifactory=multifactory, is_active=True
    ).distinct()
    if search:
        people = people.filter(
            Q(full_name__icontains=search) | Q(email__icontains=search)
        )
    return people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(
                multifactory=multifactory
            ).select_related("organization"),
            to_attr="memberships_here",
        )
    ).order_by("full_name", "email")


def membership_list(*, organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=organization)
        .select_related("person")
        .order_by("-role", "person__full_name")
    )


def mandate_list(
    *,
    multifactory: Multifactory,
    active_only: bool = True,
    person: Person | None = None,
) -> QuerySet[Mandate]:
    mandates = Mandate.objects.filter(multifactory=multifactory)
    if active_only:
        mandates = mandates.active(on=multifactory.today())
    if person is not None:
        mandates = mandates.filter(person=person)
    # A mandate is active on the date of its multifactory's zone: keep it at hand.
    return mandates.select_related("person", "granted_by", "multifactory").order_by(
        "kind", "starts_on"
    )


def multifactories_of(person: access.Viewer) -> QuerySet[Multifactory]:
    """The multifactories where `person` works or holds a mandate."""
    if not access.is_authenticated(person):
        return Multifactory.objects.none()
    return (
        Multifactory.objects.filter(
            Q(memberships__person=person)
            | Q(mandates__person=person, mandates__revoked_at__isnull=True)
        )
        .distinct()
        .order_by("name")
    )


def representatives_of(organization: Organization) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__organization=organization, memberships__role=Role.REPRESENTATIVE
    )


def invitation_list_pending(*, organization: Organization) -> QuerySet[Invitation]:
    """Invitations of a company still waiting for an answer: neither accepted,
    withdrawn nor expired."""
    return (
        Invitation.objects.filter(
            organization=organization,
            multifactory_id=organization.multifactory_id,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("expires_at", "pk")
    )


def multifactory_list_public() -> QuerySet[Multifactory]:
    """The multifactories that chose to be listed on the home page."""
    return Multifactory.objects.filter(is_public=True).order_by("name")
