"""Writes of the community capability. Each one is atomic, validated and audited."""

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from multifactory.audit.services import audit_record, diff, snapshot
from multifactory.community import access
from multifactory.community.models import (
    STATUS_TRANSITIONS,
    Invitation,
    Mandate,
    MandateBasis,
    MandateKind,
    Membership,
    Multifactory,
    Organization,
    OrganizationStatus,
    Person,
    Role,
)
from multifactory.core.services import save_validated, unique_slug
from multifactory.notifications.services import notify

SLUG_TAKEN = _("Another multifactory already uses this address.")
ORG_SLUG_TAKEN = _("Another company of this multifactory already uses this address.")
ORG_NAME_TAKEN = _("Another company of this multifactory already has this name.")
STATUS_NOT_ALLOWED = _("A company cannot go from “%(from)s” to “%(to)s”.")
LAST_REPRESENTATIVE = _(
    "A company needs at least one representative: name another one first."
)
ALREADY_MEMBER = _("This person already belongs to the company.")
NOT_IN_COMMUNITY = _("A mandate goes to a person of an active member company.")
ALREADY_REVOKED = _("This mandate has already been revoked.")
INVITATION_INVALID = _("This invitation link is not valid. Ask for a new one.")
INVITATION_EXPIRED = _("This invitation has expired. Ask the company for a new one.")
INVITATION_USED = _("This invitation has already been used.")
INVITATION_REVOKED = _("This invitation was withdrawn.")
INVITATION_WRONG_PERSON = _(
    "This invitation was sent to another e-mail address: log in as %(email)s."
)
DECISION_NEEDED = _("Name the decision that grants this mandate.")

MULTIFACTORY_FIELDS = [
    "name",
    "slug",
    "address",
    "time_zone",
    "currency",
    "languages",
    "description",
    "public_page",
    "is_public",
]
ORGANIZATION_PROFILE_FIELDS = [
    "name",
    "legal_name",
    "kind",
    "sector",
    "stage",
    "produces",
    "description",
    "website",
    "is_public",
]


def _token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hashlib.sha256(token.encode()).hexdigest()


# Multifactories -------------------------------------------------------------------


@transaction.atomic
def multifactory_create(
    *,
    by: Person,
    name: str,
    slug: str = "",
    time_zone: str = "Europe/Rome",
    currency: str = "EUR",
    languages: list[str] | None = None,
    address: str = "",
    description: str = "",
    public_page: str = "",
    is_public: bool = True,
) -> Multifactory:
    """Found a multifactory. Its founder holds the founding mandate from today."""
    multifactory = Multifactory(
        name=name,
        slug=slug or slugify(name),
        time_zone=time_zone,
        currency=currency,
        languages=languages or ["en", "it"],
        address=address,
        description=description,
        public_page=public_page,
        is_public=is_public,
    )
    save_validated(multifactory)
    audit_record(
        by=by,
        action="multifactory.created",
        target=multifactory,
        multifactory=multifactory,
        changes=snapshot(multifactory, MULTIFACTORY_FIELDS),
    )
    mandate = Mandate(
        multifactory=multifactory,
        person=by,
        kind=MandateKind.FOUNDER,
        starts_on=timezone.localdate(),
        basis=MandateBasis.FOUNDING_ACT,
        granted_by=by,
        scope=str(_("Everything, until the managing body decides otherwise")),
    )
    save_validated(mandate)
    audit_record(
        by=by,
        action="mandate.granted",
        target=mandate,
        multifactory=multifactory,
        changes={"kind": mandate.kind, "basis": mandate.basis},
    )
    return multifactory


@transaction.atomic
def multifactory_update(
    *, by: Person, multifactory: Multifactory, **fields
) -> Multifactory:
    mandate = access.mandate_require(by, multifactory, MandateKind.FOUNDER)
    before = snapshot(multifactory, MULTIFACTORY_FIELDS)
    for name, value in fields.items():
        if name not in MULTIFACTORY_FIELDS:
            raise TypeError(f"multifactory_update() got an unexpected field {name!r}")
        setattr(multifactory, name, value)
    save_validated(multifactory, update_fields=[*fields, "updated_at"])
    audit_record(
        by=by,
        action="multifactory.updated",
        target=multifactory,
        multifactory=multifactory,
        mandate=mandate,
        changes=diff(before, snapshot(multifactory, MULTIFACTORY_FIELDS)),
    )
    return multifactory


# Member companies -----------------------------------------------------------------


@transaction.atomic
def organization_create(
    *,
    by: Person,
    multifactory: Multifactory,
    name: str,
    kind: str,
    sector: str,
    stage: str,
    status: str = OrganizationStatus.APPLICANT,
    slug: str = "",
    legal_name: str = "",
    produces: str = "",
    description: str = "",
    website: str = "",
    is_public: bool = False,
    joined_on: date | None = None,
    applied_on: date | None = None,
    decision_reference: str = "",
) -> Organization:
    """Record a company. Without a decision, only a founder mandate may do it."""
    mandate = None
    if not decision_reference:
        mandate = access.mandate_require(by, multifactory, MandateKind.FOUNDER)
    today = timezone.localdate()
    organization = Organization(
        multifactory=multifactory,
        name=name,
        slug=slug
        or unique_slug(
            Organization.objects.filter(multifactory=multifactory),
            name,
            fallback="company",
        ),
        legal_name=legal_name,
        kind=kind,
        sector=sector,
        stage=stage,
        produces=produces,
        description=description,
        website=website,
        is_public=is_public,
        status=status,
        applied_on=applied_on or today,
        joined_on=joined_on
        or (None if status == OrganizationStatus.APPLICANT else today),
    )
    save_validated(organization)
    audit_record(
        by=by,
        action="organization.created",
        target=organization,
        multifactory=multifactory,
        organization=organization,
        mandate=mandate,
        decision_reference=decision_reference,
        changes=snapshot(organization, [*ORGANIZATION_PROFILE_FIELDS, "status"]),
    )
    return organization


@transaction.atomic
def organization_update_profile(
    *, by: Person, organization: Organization, **fields
) -> Organization:
    """Representatives keep their company's profile up to date."""
    mandate = access.organization_write_authority(by, organization)
    before = snapshot(organization, ORGANIZATION_PROFILE_FIELDS)
    for name, value in fields.items():
        if name not in ORGANIZATION_PROFILE_FIELDS:
            raise TypeError(
                f"organization_update_profile() got an unexpected field {name!r}"
            )
        setattr(organization, name, value)
    save_validated(organization, update_fields=[*fields, "updated_at"])
    audit_record(
        by=by,
        action="organization.updated",
        target=organization,
        multifactory=organization.multifactory,
        organization=organization,
        mandate=mandate,
        changes=diff(before, snapshot(organization, ORGANIZATION_PROFILE_FIELDS)),
    )
    return organization


@transaction.atomic
def organization_set_status(
    *,
    by: Person,
    organization: Organization,
    status: str,
    on: date | None = None,
    decision_reference: str = "",
) -> Organization:
    """Move a company along applicant → member → leaving → former.

    The managing body decides this (governance passes the decision); until then a
    founder mandate may record it.
    """
    mandate = None
    if not decision_reference:
        mandate = access.mandate_require(
            by, organization.multifactory, MandateKind.FOUNDER
        )
    current = OrganizationStatus(organization.status)
    target = OrganizationStatus(status)
    if target not in STATUS_TRANSITIONS[current]:
        raise ValidationError(
            {"status": STATUS_NOT_ALLOWED % {"from": current.label, "to": target.label}}
        )
    day = on or timezone.localdate()
    before = snapshot(organization, ["status"])
    organization.status = target
    date_field = {
        OrganizationStatus.MEMBER: "joined_on",
        OrganizationStatus.LEAVING: "leaving_on",
        OrganizationStatus.FORMER: "left_on",
    }[target]
    if not (target == OrganizationStatus.MEMBER and organization.joined_on):
        setattr(organization, date_field, day)
    if target == OrganizationStatus.MEMBER:
        organization.leaving_on = None
    save_validated(
        organization, update_fields=["status", date_field, "leaving_on", "updated_at"]
    )
    audit_record(
        by=by,
        action="organization.status_changed",
        target=organization,
        multifactory=organization.multifactory,
        organization=organization,
        mandate=mandate,
        decision_reference=decision_reference,
        changes=diff(before, snapshot(organization, ["status"])),
    )
    return organization


# People and memberships -----------------------------------------------------------


@transaction.atomic
def person_update_profile(*, by: Person, person: Person, **fields) -> Person:
    if by.pk != person.pk:
        raise PermissionDenied(_("You can only change your own profile."))
    allowed = ["full_name", "language"]
    before = snapshot(person, allowed)
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"person_update_profile() got an unexpected field {name!r}")
        setattr(person, name, value)
    person.full_clean(exclude=["password"])
    person.save(update_fields=list(fields))
    audit_record(
        by=by,
        action="person.updated",
        target=person,
        changes=diff(before, snapshot(person, allowed)),
    )
    return person


@transaction.atomic
def membership_add(
    *,
    by: Person | None,
    organization: Organization,
    person: Person,
    role: str = Role.MEMBER,
    decision_reference: str = "",
) -> Membership:
    mandate = None
    if not decision_reference:
        mandate = access.organization_write_authority(by, organization)
    if Membership.objects.filter(organization=organization, person=person).exists():
        raise ValidationError(ALREADY_MEMBER)
    membership = Membership(
        multifactory=organization.multifactory,
        organization=organization,
        person=person,
        role=role,
    )
    save_validated(membership)
    audit_record(
        by=by,
        action="membership.added",
        target=membership,
        multifactory=organization.multifactory,
        organization=organization,
        mandate=mandate,
        decision_reference=decision_reference,
        changes={"person": str(person), "role": role},
    )
    return membership


def _keeps_a_representative(membership: Membership) -> bool:
    return (
        Membership.objects.filter(
            organization=membership.organization, role=Role.REPRESENTATIVE
        )
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_set_role(*, by: Person, membership: Membership, role: str) -> Membership:
    mandate = access.organization_write_authority(by, membership.organization)
    if (
        membership.role == Role.REPRESENTATIVE
        and role != Role.REPRESENTATIVE
        and not _keeps_a_representative(membership)
    ):
        raise ValidationError({"role": LAST_REPRESENTATIVE})
    before = snapshot(membership, ["role"])
    membership.role = role
    save_validated(membership, update_fields=["role", "updated_at"])
    audit_record(
        by=by,
        action="membership.role_changed",
        target=membership,
        multifactory=membership.multifactory,
        organization=membership.organization,
        mandate=mandate,
        changes=diff(before, snapshot(membership, ["role"])),
    )
    return membership


@transaction.atomic
def membership_remove(*, by: Person, membership: Membership) -> None:
    """A representative removes a person, or a person leaves the company themselves."""
    mandate = None
    if by.pk != membership.person_id:
        mandate = access.organization_write_authority(by, membership.organization)
    if membership.role == Role.REPRESENTATIVE and not _keeps_a_representative(
        membership
    ):
        raise ValidationError(LAST_REPRESENTATIVE)
    audit_record(
        by=by,
        action="membership.removed",
        target=membership,
        multifactory=membership.multifactory,
        organization=membership.organization,
        mandate=mandate,
        changes={"person": str(membership.person), "role": membership.role},
    )
    membership.delete()


# Mandates -------------------------------------------------------------------------


@transaction.atomic
def mandate_grant(
    *,
    by: Person,
    multifactory: Multifactory,
    person: Person,
    kind: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
    title: str = "",
    scope: str = "",
    decision_reference: str = "",
) -> Mandate:
    """Give a person a responsibility. A decision grants it; until the governance
    capability runs, a founder mandate may grant it on the managing body's behalf."""
    authority = None
    if not decision_reference:
        authority = access.mandate_require(by, multifactory, MandateKind.FOUNDER)
    if not access.is_member_of(person, multifactory):
        raise ValidationError({"person": NOT_IN_COMMUNITY})
    mandate = Mandate(
        multifactory=multifactory,
        person=person,
        kind=kind,
        title=title,
        scope=scope,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        basis=MandateBasis.DECISION
        if decision_reference
        else MandateBasis.FOUNDING_ACT,
        decision_reference=decision_reference,
        granted_by=by,
    )
    save_validated(mandate)
    audit_record(
        by=by,
        action="mandate.granted",
        target=mandate,
        multifactory=multifactory,
        mandate=authority,
        decision_reference=decision_reference,
        changes=snapshot(
            mandate, ["person", "kind", "title", "scope", "starts_on", "ends_on"]
        ),
    )
    notify(
        people=[person],
        multifactory=multifactory,
        kind="mandate_granted",
        title=_("You hold a new mandate: %(mandate)s") % {"mandate": mandate},
        url=reverse("community:mandates", kwargs={"mf": multifactory.slug}),
    )
    return mandate


@transaction.atomic
def mandate_revoke(
    *, by: Person, mandate: Mandate, reason: str = "", decision_reference: str = ""
) -> Mandate:
    authority = None
    if not decision_reference:
        authority = access.mandate_require(
            by, mandate.multifactory, MandateKind.FOUNDER
        )
    if mandate.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED)
    mandate.revoked_at = timezone.now()
    mandate.revoked_by = by
    mandate.revoked_reason = reason
    save_validated(
        mandate,
        update_fields=["revoked_at", "revoked_by", "revoked_reason", "updated_at"],
    )
    audit_record(
        by=by,
        action="mandate.revoked",
        target=mandate,
        multifactory=mandate.multifactory,
        mandate=authority,
        decision_reference=decision_reference,
        changes={"reason": reason},
    )
    return mandate


# Invitations ----------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    by: Person,
    organization: Organization,
    email: str,
    role: str = Role.MEMBER,
    decision_reference: str = "",
) -> tuple[Invitation, str]:
    """Invite a colleague by e-mail. Returns the invitation and its one-time token.

    With `decision_reference` (a decision admitting the company) no representative or
    founder authority is needed: `by` is whoever closed the proposal, or None.
    """
    mandate = None
    if not decision_reference:
        mandate = access.organization_write_authority(by, organization)
    email = email.strip().lower()
    if Membership.objects.filter(
        organization=organization, person__email__iexact=email
    ).exists():
        raise ValidationError({"email": ALREADY_MEMBER})
    token, token_hash = _token()
    invitation = Invitation(
        multifactory=organization.multifactory,
        organization=organization,
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    save_validated(invitation)
    audit_record(
        by=by,
        action="invitation.created",
        target=invitation,
        multifactory=organization.multifactory,
        organization=organization,
        mandate=mandate,
        decision_reference=decision_reference,
        changes={"email": email, "role": role},
    )
    link = settings.SITE_URL + reverse("invitation_accept", kwargs={"token": token})
    from multifactory.notifications.services import send_email

    inviter = by or organization.multifactory
    send_email(
        to=email,
        subject=_("%(person)s invites you to %(company)s on multifactory")
        % {"person": inviter, "company": organization},
        template="community/email/invitation.txt",
        context={"invitation": invitation, "link": link, "by": inviter},
    )
    return invitation, token


def invitation_check(token: str) -> Invitation:
    """The pending invitation for `token`, or a ValidationError saying what is wrong."""
    invitation = (
        Invitation.objects.select_related("organization", "multifactory")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(INVITATION_INVALID, code="invalid")
    errors = {
        "accepted": INVITATION_USED,
        "revoked": INVITATION_REVOKED,
        "expired": INVITATION_EXPIRED,
    }
    if invitation.state in errors:
        raise ValidationError(errors[invitation.state], code=invitation.state)
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    person: Person | None = None,
    full_name: str = "",
    password: str = "",
) -> Membership:
    """Join the company. A logged-in person joins as themselves; a newcomer gets an
    account for the invited e-mail address."""
    invitation = invitation_check(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(INVITATION_USED)
    if person is None:
        if Person.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(INVITATION_WRONG_PERSON % {"email": invitation.email})
        person = Person(
            email=invitation.email,
            full_name=full_name,
            language=invitation.multifactory.languages[0],
        )
        from django.contrib.auth.password_validation import validate_password

        validate_password(password, person)
        person.set_password(password)
        person.full_clean()
        person.save()
        audit_record(
            by=person,
            action="person.created",
            target=person,
            changes={"email": person.email},
        )
    elif person.email.lower() != invitation.email:
        raise ValidationError(INVITATION_WRONG_PERSON % {"email": invitation.email})
    membership = Membership(
        multifactory=invitation.multifactory,
        organization=invitation.organization,
        person=person,
        role=invitation.role,
    )
    save_validated(membership)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        by=person,
        action="invitation.accepted",
        target=invitation,
        multifactory=invitation.multifactory,
        organization=invitation.organization,
        changes={"role": invitation.role},
    )
    if invitation.invited_by:
        notify(
            people=[invitation.invited_by],
            multifactory=invitation.multifactory,
            kind="invitation_accepted",
            title=_("%(person)s joined %(company)s")
            % {"person": person, "company": invitation.organization},
            url=invitation.organization.get_absolute_url(),
        )
    return membership


@transaction.atomic
def invitation_revoke(*, by: Person, invitation: Invitation) -> Invitation:
    mandate = access.organization_write_authority(by, invitation.organization)
    if invitation.state != "pending":
        raise ValidationError(_("Only a pending invitation can be withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        by=by,
        action="invitation.revoked",
        target=invitation,
        multifactory=invitation.multifactory,
        organization=invitation.organization,
        mandate=mandate,
    )
    return invitation
