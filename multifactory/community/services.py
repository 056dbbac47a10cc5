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
    MANDATE_ALREADY_HELD,
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
FOUNDER_NOT_GRANTED = _(
    "The founding mandate is given only to whoever creates the multifactory: grant "
    "another kind of mandate."
)
FOUNDER_REVOKED_BY_DECISION = _(
    "Only a decision of the managing body can revoke a founding mandate: propose it."
)
MEMBERSHIP_GONE = _("This person no longer belongs to the company: reload the page.")

# The decision effects (governance's registry) that may order each act in place of a
# mandate; see access.authority_require.
ADMIT_APPLICATION = "admit_application"
ADMIT_COMPANY = "admit_company"
END_MEMBERSHIP = "end_membership"
GRANT_MANDATE = "grant_mandate"
REVOKE_MANDATE = "revoke_mandate"

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
        starts_on=multifactory.today(),
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
    *, by: Person, multifactory: Multifactory, **fields: object
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
    by: Person | None,
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
    decision: access.Authority | None = None,
) -> Organization:
    """Record a company: a founder mandate, or a decision admitting an applicant of
    the open call (`decision`, checked to order it now)."""
    mandate = access.authority_require(
        by,
        multifactory,
        MandateKind.FOUNDER,
        decision=decision,
        effect=ADMIT_APPLICATION,
    )
    today = multifactory.today()
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
        decision=decision,
        changes=snapshot(organization, [*ORGANIZATION_PROFILE_FIELDS, "status"]),
    )
    return organization


@transaction.atomic
def organization_update_profile(
    *, by: Person, organization: Organization, **fields: object
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
    by: Person | None,
    organization: Organization,
    status: str,
    on: date | None = None,
    decision: access.Authority | None = None,
) -> Organization:
    """Move a company along applicant → member → leaving → former.

    The managing body decides this (governance passes the decision, checked to order
    it now); until then a founder mandate may record it.
    """
    mandate = access.authority_require(
        by,
        organization.multifactory,
        MandateKind.FOUNDER,
        decision=decision,
        # Admitting and ending a membership are different orders of the managing body.
        effect=ADMIT_COMPANY if status == OrganizationStatus.MEMBER else END_MEMBERSHIP,
    )
    current = OrganizationStatus(organization.status)
    target = OrganizationStatus(status)
    if target not in STATUS_TRANSITIONS[current]:
        raise ValidationError(
            {"status": STATUS_NOT_ALLOWED % {"from": current.label, "to": target.label}}
        )
    day = on or organization.multifactory.today()
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
        decision=decision,
        changes=diff(before, snapshot(organization, ["status"])),
    )
    return organization


# People and memberships -----------------------------------------------------------


@transaction.atomic
def person_update_profile(*, by: Person, person: Person, **fields: object) -> Person:
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
) -> Membership:
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


def _lock_for_representatives(membership: Membership) -> Membership:
    """Lock the company and read the membership again.

    "At least one representative per company" is checked and written one change at
    a time: two representatives demoting each other at the same moment would
    otherwise each see the other still there and leave the company with none. The
    second waits here, then sees the first's change (and may have lost its own
    authority meanwhile)."""
    Organization.objects.select_for_update().filter(
        pk=membership.organization_id
    ).first()
    current = (
        Membership.objects.select_related("organization__multifactory", "person")
        .filter(pk=membership.pk)
        .first()
    )
    if current is None:
        raise ValidationError(MEMBERSHIP_GONE)
    return current


@transaction.atomic
def membership_set_role(*, by: Person, membership: Membership, role: str) -> Membership:
    membership = _lock_for_representatives(membership)
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
    membership = _lock_for_representatives(membership)
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


def _holds_overlapping(mandate: Mandate) -> bool:
    """Whether the person already holds, for some day of `mandate`'s term, a
    mandate of the same kind, title and scope that was not revoked."""
    others = Mandate.objects.filter(
        multifactory=mandate.multifactory,
        person=mandate.person,
        kind=mandate.kind,
        title=mandate.title,
        scope=mandate.scope,
        revoked_at__isnull=True,
    ).exclude(ends_on__lt=mandate.starts_on)
    if mandate.ends_on is not None:
        others = others.exclude(starts_on__gt=mandate.ends_on)
    return others.exists()


@transaction.atomic
def mandate_grant(
    *,
    by: Person | None,
    multifactory: Multifactory,
    person: Person,
    kind: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
    title: str = "",
    scope: str = "",
    decision: access.Authority | None = None,
) -> Mandate:
    """Give a person a responsibility. A decision grants it (`decision`, checked to
    order it now); until the governance capability runs, a founder mandate may grant
    it on the managing body's behalf. The founding mandate itself is only created
    with the multifactory."""
    authority = access.authority_require(
        by,
        multifactory,
        MandateKind.FOUNDER,
        decision=decision,
        effect=GRANT_MANDATE,
    )
    if kind == MandateKind.FOUNDER:
        raise ValidationError({"kind": FOUNDER_NOT_GRANTED})
    if not access.is_member_of(person, multifactory):
        raise ValidationError({"person": NOT_IN_COMMUNITY})
    mandate = Mandate(
        multifactory=multifactory,
        person=person,
        kind=kind,
        title=title,
        scope=scope,
        starts_on=starts_on or multifactory.today(),
        ends_on=ends_on,
        basis=MandateBasis.DECISION if decision else MandateBasis.FOUNDING_ACT,
        decision_reference=decision.number if decision else "",
        granted_by=by,
    )
    # One grant at a time per multifactory, so two identical grants cannot both see
    # the person without the mandate (the unique constraint backs this up for
    # open-ended mandates).
    Multifactory.objects.select_for_update().filter(pk=multifactory.pk).first()
    if _holds_overlapping(mandate):
        raise ValidationError(MANDATE_ALREADY_HELD, code="already_held")
    save_validated(mandate)
    audit_record(
        by=by,
        action="mandate.granted",
        target=mandate,
        multifactory=multifactory,
        mandate=authority,
        decision=decision,
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
    *,
    by: Person | None,
    mandate: Mandate,
    reason: str = "",
    decision: access.Authority | None = None,
) -> Mandate:
    """End a mandate now: a founder mandate may revoke the others; a founding mandate
    is revoked only by a decision of the managing body."""
    authority = access.authority_require(
        by,
        mandate.multifactory,
        MandateKind.FOUNDER,
        decision=decision,
        effect=REVOKE_MANDATE,
    )
    if mandate.kind == MandateKind.FOUNDER and decision is None:
        raise PermissionDenied(FOUNDER_REVOKED_BY_DECISION)
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
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
        decision=decision,
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
    decision: access.Authority | None = None,
) -> tuple[Invitation, str]:
    """Invite a colleague by e-mail. Returns the invitation and its one-time token.

    With `decision` (a decision admitting an applicant, checked to order it now) no
    representative or founder authority is needed: `by` is whoever closed the
    proposal, or its proposer.
    """
    mandate = None
    if decision is not None:
        access.decision_require(
            decision, organization.multifactory, effect=ADMIT_APPLICATION
        )
    else:
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
        decision=decision,
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
