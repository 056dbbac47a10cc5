"""Writes of doors and keys: doors, keys and badges and their handovers, access
policies, door controllers, the access check a controller asks for."""

import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from multifactory.audit.services import audit_record, diff, snapshot
from multifactory.community.access import (
    acts_for,
    is_member_of,
)
from multifactory.community.models import (
    Membership,
    Multifactory,
    Organization,
    Person,
)
from multifactory.core.money import Money, money_format
from multifactory.core.services import (
    save_validated,
)
from multifactory.doors import access
from multifactory.doors.models import (
    AccessCheck,
    AccessPolicy,
    Door,
    DoorController,
    Key,
    KeyHandover,
    KeyStatus,
)
from multifactory.place.services import feed_token_hash

KEY_HANDED_OUT = _("This key is already handed out: record its return first.")
KEY_NOT_OUT = _("This key is not handed out.")
KEY_NOT_ACTIVE = _("A lost or retired key cannot be handed out.")
HOLDER_NOT_MEMBER = _("Keys go to people of an active member company.")
DOOR_NOT_HERE = _("Choose doors of this multifactory.")
DEPOSIT_TOO_MUCH = _("Give back between nothing and the %(paid)s of deposit paid.")
POLICY_ALREADY_ENDED = _("This access policy has already ended.")
CONTROLLER_REVOKED = _("This door controller is revoked: register a new one.")
CONTROLLER_NEEDS_DOORS = _("A door controller serves at least one door.")
POLICY_PERSON_NOT_MEMBER = _("Choose a person of a member company.")

# Why a door stays closed (or opens): codes for the controller, words for people.
ACCESS_REASONS = {
    "allowed": _("Allowed by the access policy “%(policy)s”."),
    "door_unknown": _("This controller does not serve that door."),
    "badge_unknown": _("No badge with this code is registered."),
    "badge_inactive": _("This badge was reported lost or retired."),
    "badge_not_issued": _("This badge is not handed out to anyone."),
    "holder_not_member": _("The holder no longer belongs to an active member company."),
    "no_policy": _("No access policy lets this holder through this door now."),
}


def _unique_door_slug(multifactory: Multifactory, name: str) -> str:
    base = slugify(name)[:50] or "door"
    slug, n = base, 2
    while Door.objects.filter(multifactory=multifactory, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def door_create(
    *, by: Person, multifactory: Multifactory, name: str, resource=None
) -> Door:

    mandate = access.place_mandate_require(by, multifactory)
    if resource is not None and resource.multifactory_id != multifactory.pk:
        raise ValidationError({"resource": DOOR_NOT_HERE})
    door = Door(
        multifactory=multifactory,
        name=name.strip(),
        slug=_unique_door_slug(multifactory, name),
        resource=resource,
    )
    save_validated(door)
    audit_record(
        by=by,
        action="door.created",
        target=door,
        multifactory=multifactory,
        mandate=mandate,
    )
    return door


@transaction.atomic
def key_create(
    *,
    by: Person,
    multifactory: Multifactory,
    kind: str,
    label: str,
    code: str,
    doors=(),
    deposit: int = 0,
) -> Key:

    mandate = access.place_mandate_require(by, multifactory)
    if any(door.multifactory_id != multifactory.pk for door in doors):
        raise ValidationError({"doors": DOOR_NOT_HERE})
    key = Key(
        multifactory=multifactory,
        kind=kind,
        label=label.strip(),
        code=code.strip(),
        deposit=deposit,
    )
    save_validated(key)
    key.doors.set(doors)
    audit_record(
        by=by,
        action="key.created",
        target=key,
        multifactory=multifactory,
        mandate=mandate,
        changes={"kind": kind, "label": label, "doors": [str(d) for d in doors]},
    )
    return key


@transaction.atomic
def key_issue(
    *,
    by: Person,
    key: Key,
    holder: Person,
    organization: Organization | None = None,
    issued_on: date | None = None,
    deposit_paid: int = 0,
) -> KeyHandover:
    """Hand a key or badge to a person; the register keeps who holds it."""

    multifactory = key.multifactory
    mandate = access.place_mandate_require(by, multifactory)
    if key.status != KeyStatus.ACTIVE:
        raise ValidationError(KEY_NOT_ACTIVE)
    if not is_member_of(holder, multifactory):
        raise ValidationError({"holder": HOLDER_NOT_MEMBER})
    if organization is not None and not acts_for(holder, organization):
        raise ValidationError({"organization": HOLDER_NOT_MEMBER})
    # Lock the key so two hand-overs cannot both see it free.
    Key.objects.select_for_update().filter(pk=key.pk).first()
    if key.handovers.filter(returned_on__isnull=True).exists():
        raise ValidationError(KEY_HANDED_OUT)
    handover = KeyHandover(
        multifactory=multifactory,
        key=key,
        holder=holder,
        organization=organization,
        issued_on=issued_on or timezone.localdate(timezone=multifactory.zone),
        deposit_paid=deposit_paid,
        issued_by=by,
    )
    save_validated(handover)
    audit_record(
        by=by,
        action="key.issued",
        target=handover,
        multifactory=multifactory,
        organization=organization,
        mandate=mandate,
        changes={"holder": str(holder), "deposit_paid": deposit_paid},
    )
    return handover


@transaction.atomic
def key_return(
    *,
    by: Person,
    key: Key,
    returned_on: date | None = None,
    lost: bool = False,
    deposit_returned: int | None = None,
) -> KeyHandover:
    """Record that a key came back (or was lost: it then opens nothing), and how
    much of the deposit was given back (all of it by default; nothing for a lost key)."""

    multifactory = key.multifactory
    mandate = access.place_mandate_require(by, multifactory)
    handover = key.handovers.filter(returned_on__isnull=True).first()
    if handover is None:
        raise ValidationError(KEY_NOT_OUT)
    if deposit_returned is None:
        deposit_returned = 0 if lost else handover.deposit_paid
    if not 0 <= deposit_returned <= handover.deposit_paid:
        raise ValidationError(
            {
                "deposit_returned": ValidationError(
                    DEPOSIT_TOO_MUCH,
                    params={
                        "paid": money_format(
                            Money(handover.deposit_paid, multifactory.currency)
                        )
                    },
                )
            }
        )
    handover.returned_on = returned_on or timezone.localdate(timezone=multifactory.zone)
    handover.deposit_returned = deposit_returned
    save_validated(
        handover, update_fields=["returned_on", "deposit_returned", "updated_at"]
    )
    if lost:
        key.status = KeyStatus.LOST
        key.save(update_fields=["status", "updated_at"])
    audit_record(
        by=by,
        action="key.lost" if lost else "key.returned",
        target=handover,
        multifactory=multifactory,
        organization=handover.organization,
        mandate=mandate,
        changes={"deposit_returned": deposit_returned},
    )
    return handover


@transaction.atomic
def access_policy_create(
    *,
    by: Person,
    multifactory: Multifactory,
    name: str,
    **fields,
) -> AccessPolicy:
    mandate = access.place_mandate_require(by, multifactory)
    policy = AccessPolicy(multifactory=multifactory, name=name.strip(), **fields)
    for target in ("door", "organization"):
        value = fields.get(target)
        if value is not None and value.multifactory_id != multifactory.pk:
            raise ValidationError({target: DOOR_NOT_HERE})
    person = fields.get("person")
    if person is not None and not is_member_of(person, multifactory):
        raise ValidationError({"person": POLICY_PERSON_NOT_MEMBER})
    save_validated(policy)
    audit_record(
        by=by,
        action="access_policy.created",
        target=policy,
        multifactory=multifactory,
        mandate=mandate,
        changes=snapshot(
            policy,
            [
                "door",
                "organization",
                "person",
                "weekdays",
                "opens_minute",
                "closes_minute",
            ],
        ),
    )
    return policy


@transaction.atomic
def access_policy_end(
    *,
    by: Person,
    policy: AccessPolicy,
    last_day: date | None = None,
) -> AccessPolicy:
    """End a policy: it lets nobody through after `last_day` (by default yesterday,
    so it stops at once). The policy stays, for the history of the access log."""
    multifactory = policy.multifactory
    mandate = access.place_mandate_require(by, multifactory)
    today = timezone.localdate(timezone=multifactory.zone)
    if policy.valid_until is not None and policy.valid_until < today:
        raise ValidationError(POLICY_ALREADY_ENDED)
    before = snapshot(policy, ["valid_until"])
    policy.valid_until = last_day or today - timedelta(days=1)
    save_validated(policy, update_fields=["valid_until", "updated_at"])
    audit_record(
        by=by,
        action="access_policy.ended",
        target=policy,
        multifactory=multifactory,
        mandate=mandate,
        changes=diff(before, snapshot(policy, ["valid_until"])),
    )
    return policy


@transaction.atomic
def door_controller_create(
    *, by: Person, multifactory: Multifactory, name: str, doors
) -> tuple[DoorController, str]:
    """Register a door controller; returns it and its device token (shown once)."""

    mandate = access.place_mandate_require(by, multifactory)
    doors = list(doors)
    if not doors:
        raise ValidationError({"doors": CONTROLLER_NEEDS_DOORS})
    if any(door.multifactory_id != multifactory.pk for door in doors):
        raise ValidationError({"doors": DOOR_NOT_HERE})
    token = "dev_" + secrets.token_urlsafe(32)
    controller = DoorController(
        multifactory=multifactory, name=name.strip(), token_hash=feed_token_hash(token)
    )
    save_validated(controller)
    controller.doors.set(doors)
    audit_record(
        by=by,
        action="door_controller.created",
        target=controller,
        multifactory=multifactory,
        mandate=mandate,
        changes={"doors": [str(d) for d in doors]},
    )
    return controller, token


@transaction.atomic
def door_controller_rotate(
    *, by: Person, controller: DoorController
) -> tuple[DoorController, str]:
    """A new device token for a controller; the old one stops working at once.
    Returns the controller and the new token (shown once)."""
    mandate = access.place_mandate_require(by, controller.multifactory)
    if controller.revoked_at is not None:
        raise ValidationError(CONTROLLER_REVOKED)
    token = "dev_" + secrets.token_urlsafe(32)
    controller.token_hash = feed_token_hash(token)
    controller.save(update_fields=["token_hash", "updated_at"])
    audit_record(
        by=by,
        action="door_controller.rotated",
        target=controller,
        multifactory=controller.multifactory,
        mandate=mandate,
    )
    return controller, token


@transaction.atomic
def door_controller_revoke(*, by: Person, controller: DoorController) -> DoorController:
    """The controller's token stops working for good (a stolen or retired device)."""
    mandate = access.place_mandate_require(by, controller.multifactory)
    if controller.revoked_at is not None:
        raise ValidationError(CONTROLLER_REVOKED)
    controller.revoked_at = timezone.now()
    controller.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        by=by,
        action="door_controller.revoked",
        target=controller,
        multifactory=controller.multifactory,
        mandate=mandate,
    )
    return controller


def door_controller_authenticate(token: str):

    if not token:
        return None
    return (
        DoorController.objects.select_related("multifactory")
        .filter(token_hash=feed_token_hash(token), revoked_at__isnull=True)
        .first()
    )


def _access_decision(controller, door_code: str, badge_code: str, at: datetime):
    """(allowed, reason code, door, key, person, policy) – the rules of docs/place.md."""
    from multifactory.community.models import ACTIVE_STATUSES

    multifactory = controller.multifactory
    door = controller.doors.filter(slug=door_code).first()
    if door is None:
        return False, "door_unknown", None, None, None, None
    key = Key.objects.filter(multifactory=multifactory, code=badge_code).first()
    if key is None:
        return False, "badge_unknown", door, None, None, None
    if key.status != KeyStatus.ACTIVE:
        return False, "badge_inactive", door, key, None, None
    handover = (
        key.handovers.filter(returned_on__isnull=True).select_related("holder").first()
    )
    if handover is None:
        return False, "badge_not_issued", door, key, None, None
    person = handover.holder
    companies = list(
        Membership.objects.filter(
            person=person,
            multifactory=multifactory,
            organization__status__in=ACTIVE_STATUSES,
        ).values_list("organization_id", flat=True)
    )
    if not companies:
        return False, "holder_not_member", door, key, person, None
    local = at.astimezone(multifactory.zone)
    minute = local.hour * 60 + local.minute
    policies = (
        AccessPolicy.objects.filter(multifactory=multifactory)
        .filter(Q(door__isnull=True) | Q(door=door))
        .filter(
            Q(person=person)
            | Q(organization_id__in=companies)
            | Q(person__isnull=True, organization__isnull=True)
        )
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=local.date()))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=local.date()))
        .filter(opens_minute__lte=minute, closes_minute__gt=minute)
        .order_by("name")
    )
    policy = next((p for p in policies if str(local.weekday()) in p.weekdays), None)
    if policy is None:
        return False, "no_policy", door, key, person, None
    return True, "allowed", door, key, person, policy


@transaction.atomic
def access_check(
    *, controller, door_code: str, badge_code: str, at: datetime | None = None
) -> tuple[AccessCheck, str]:
    """Decide whether a badge opens a door now, log the check, return it and a
    sentence saying why."""

    at = at or timezone.now()
    allowed, reason, door, key, person, policy = _access_decision(
        controller, door_code, badge_code, at
    )
    check = AccessCheck.objects.create(
        multifactory=controller.multifactory,
        controller=controller,
        door=door,
        door_code=door_code[:60],
        badge_code=badge_code[:64],
        key=key,
        person=person,
        at=at,
        allowed=allowed,
        reason=reason,
    )
    message = ACCESS_REASONS[reason]
    if policy is not None:
        message = message % {"policy": policy.name}
    return check, str(message)
