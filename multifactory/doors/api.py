"""JSON API of doors and keys: the access check a door controller asks for, the access
log, the key register, doors, keys, access policies and door controllers. Same
services, selectors and access functions as the pages."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import APIKeyHeader

from multifactory.api.errors import ErrorOut
from multifactory.api.fields import (
    Day,
    money_in,
    money_input,
)
from multifactory.api.pagination import Page, PageParams, paginate
from multifactory.core.throttle import by_value, throttle
from multifactory.doors import access, selectors, services
from multifactory.place import access as place_access
from multifactory.place.web import api_member_multifactory, company_here, person_here

router = Router(tags=["doors"])


class DeviceToken(APIKeyHeader):
    """Door controllers authenticate with their own token, never a person's."""

    param_name = "X-Device-Token"

    def authenticate(self, request: HttpRequest, key: str | None):
        # Per client address before the token is looked at (guessing tokens), then
        # per controller (a stolen token used to try badge after badge).
        throttle(request, "access_check")
        controller = services.door_controller_authenticate(key or "")
        if controller is not None:
            throttle(
                request,
                "access_check_controller",
                key=by_value(str(controller.pk)),
            )
        return controller


class AccessCheckIn(Schema):
    door: str = Field(max_length=60, description="The door's code.")
    badge: str = Field(max_length=64, description="The badge's code as read.")


class AccessCheckOut(Schema):
    allowed: bool
    reason: str = Field(description="A code: allowed, no_policy, badge_unknown…")
    message: str


class AccessLogOut(Schema):
    id: int
    at: datetime
    door_code: str
    badge_code: str
    person_id: int | None
    allowed: bool
    reason: str


class KeyOut(Schema):
    id: int
    kind: str
    label: str
    code: str
    status: str
    holder_id: int | None
    issued_on: date | None


@router.post(
    "/place/access-check",
    response={200: AccessCheckOut, 429: ErrorOut},
    auth=DeviceToken(),
)
def access_check(request: HttpRequest, payload: AccessCheckIn):
    """For door controllers: may this badge open this door now? Every check is
    logged, whatever the answer."""
    check, message = services.access_check(
        controller=request.auth, door_code=payload.door, badge_code=payload.badge
    )
    return {"allowed": check.allowed, "reason": check.reason, "message": message}


@router.get("/m/{slug}/place/access-log", response=Page[AccessLogOut])
def access_log(request: HttpRequest, slug: str, page: Query[PageParams]):
    """The log of door checks, for the keys keeper."""
    multifactory = api_member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    return paginate(request, selectors.access_log(multifactory=multifactory), page)


@router.get("/m/{slug}/place/keys", response=list[KeyOut])
def key_register(request: HttpRequest, slug: str):
    """The register of keys and badges with their holders, for the keys keeper."""
    multifactory = api_member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    return [
        {
            "id": key.pk,
            "kind": key.kind,
            "label": key.label,
            "code": key.code,
            "status": key.status,
            "holder_id": handover.holder_id if handover else None,
            "issued_on": handover.issued_on if handover else None,
        }
        for key, handover in selectors.key_register(multifactory=multifactory)
    ]


class KeyIssueIn(Schema):
    holder_id: int
    organization: str | None = None
    deposit_paid: money_input(10_000_000) = 0


class KeyReturnIn(Schema):
    lost: bool = False
    deposit_returned: money_input(10_000_000) | None = Field(
        None, description="Given back; by default all (none if lost)."
    )


def _key(request: HttpRequest, multifactory, key_id: int):
    return access.key_get_for_member(request.auth, multifactory, key_id)


@router.post("/m/{slug}/place/keys/{key_id}/issue", response={201: KeyOut})
def key_issue(request: HttpRequest, slug: str, key_id: int, payload: KeyIssueIn):
    multifactory = api_member_multifactory(request, slug)
    key = _key(request, multifactory, key_id)
    handover = services.key_issue(
        by=request.auth,
        key=key,
        holder=person_here(multifactory, payload.holder_id, "holder_id"),
        organization=company_here(multifactory, payload.organization)
        if payload.organization
        else None,
        deposit_paid=money_in(
            payload.deposit_paid, multifactory.currency, "deposit_paid", 10_000_000
        ),
    )
    return Status(
        201,
        {
            "id": key.pk,
            "kind": key.kind,
            "label": key.label,
            "code": key.code,
            "status": key.status,
            "holder_id": handover.holder_id,
            "issued_on": handover.issued_on,
        },
    )


@router.post("/m/{slug}/place/keys/{key_id}/return", response=KeyOut)
def key_return(request: HttpRequest, slug: str, key_id: int, payload: KeyReturnIn):
    multifactory = api_member_multifactory(request, slug)
    key = _key(request, multifactory, key_id)
    services.key_return(
        by=request.auth,
        key=key,
        lost=payload.lost,
        deposit_returned=money_in(
            payload.deposit_returned,
            multifactory.currency,
            "deposit_returned",
            10_000_000,
        ),
    )
    return {
        "id": key.pk,
        "kind": key.kind,
        "label": key.label,
        "code": key.code,
        "status": key.status,
        "holder_id": None,
        "issued_on": None,
    }


class DoorIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    resource: str | None = Field(None, description="Slug of the resource it opens.")


class DoorOut(Schema):
    id: int
    name: str
    code: str = Field(description="What door controllers send as `door`.")

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.slug


class KeyIn(Schema):
    kind: str = Field(pattern="^(key|badge)$")
    label: str = Field(min_length=1, max_length=100)
    code: str = Field(min_length=1, max_length=64)
    doors: list[str] = Field([], description="Door codes.")
    deposit: money_input(10_000_000) = 0


class PolicyIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    door: str | None = Field(None, description="Door code; none = every door.")
    organization: str | None = Field(None, description="Company slug.")
    person_id: int | None = None
    weekdays: str = Field("0123456", description="Digits, 0 = Monday.")
    opens_minute: int = Field(0, ge=0, le=1439)
    closes_minute: int = Field(1440, ge=1, le=1440)
    valid_from: Day | None = None
    valid_until: Day | None = None


class PolicyOut(Schema):
    id: int
    name: str
    door_id: int | None
    organization_id: int | None
    person_id: int | None
    weekdays: str
    opens_minute: int
    closes_minute: int
    valid_from: date | None
    valid_until: date | None


class PolicyEndIn(Schema):
    last_day: Day | None = Field(
        None, description="Last day it lets people in; by default it stops now."
    )


class ControllerIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    doors: list[str] = Field(description="Codes of the doors it serves.")


class ControllerOut(Schema):
    id: int
    name: str
    revoked_at: datetime | None


class ControllerTokenOut(ControllerOut):
    token: str = Field(description="The device token; shown only now.")


def _door(multifactory, code: str, field: str):
    from multifactory.doors.models import Door

    door = Door.objects.filter(multifactory=multifactory, slug=code).first()
    if door is None:
        raise ValidationError({field: NO_SUCH_DOOR})
    return door


NO_SUCH_DOOR = _("No such door in this multifactory.")


@router.get("/m/{slug}/place/doors", response=list[DoorOut])
def door_list(request: HttpRequest, slug: str):
    multifactory = api_member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    from multifactory.doors.models import Door

    return list(Door.objects.filter(multifactory=multifactory).order_by("name"))


@router.post("/m/{slug}/place/doors", response={201: DoorOut})
def door_create(request: HttpRequest, slug: str, payload: DoorIn):
    multifactory = api_member_multifactory(request, slug)
    resource = None
    if payload.resource:
        resource = place_access.resource_get_for_member(
            request.auth, multifactory, payload.resource
        )
    return Status(
        201,
        services.door_create(
            by=request.auth,
            multifactory=multifactory,
            name=payload.name,
            resource=resource,
        ),
    )


@router.post("/m/{slug}/place/keys", response={201: KeyOut})
def key_create(request: HttpRequest, slug: str, payload: KeyIn):
    """Register a key or badge (keys keeper)."""
    multifactory = api_member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    key = services.key_create(
        by=request.auth,
        multifactory=multifactory,
        kind=payload.kind,
        label=payload.label,
        code=payload.code,
        doors=[_door(multifactory, code, "doors") for code in payload.doors],
        deposit=money_in(payload.deposit, multifactory.currency, "deposit", 10_000_000),
    )
    return Status(
        201,
        {
            "id": key.pk,
            "kind": key.kind,
            "label": key.label,
            "code": key.code,
            "status": key.status,
            "holder_id": None,
            "issued_on": None,
        },
    )


@router.get("/m/{slug}/place/access-policies", response=list[PolicyOut])
def policy_list(request: HttpRequest, slug: str):
    multifactory = api_member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    from multifactory.doors.models import AccessPolicy

    return list(AccessPolicy.objects.filter(multifactory=multifactory))


@router.post("/m/{slug}/place/access-policies", response={201: PolicyOut})
def policy_create(request: HttpRequest, slug: str, payload: PolicyIn):
    """Who may open which door when (keys keeper)."""
    multifactory = api_member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    return Status(
        201,
        services.access_policy_create(
            by=request.auth,
            multifactory=multifactory,
            name=payload.name,
            door=_door(multifactory, payload.door, "door") if payload.door else None,
            organization=company_here(multifactory, payload.organization)
            if payload.organization
            else None,
            person=person_here(multifactory, payload.person_id, "person_id")
            if payload.person_id
            else None,
            weekdays=payload.weekdays,
            opens_minute=payload.opens_minute,
            closes_minute=payload.closes_minute,
            valid_from=payload.valid_from,
            valid_until=payload.valid_until,
        ),
    )


@router.post("/m/{slug}/place/access-policies/{policy_id}/end", response=PolicyOut)
def policy_end(request: HttpRequest, slug: str, policy_id: int, payload: PolicyEndIn):
    multifactory = api_member_multifactory(request, slug)
    policy = access.policy_get_for_member(request.auth, multifactory, policy_id)
    return services.access_policy_end(
        by=request.auth, policy=policy, last_day=payload.last_day
    )


def _controller(request: HttpRequest, multifactory, controller_id: int):
    return access.controller_get_for_member(request.auth, multifactory, controller_id)


@router.get("/m/{slug}/place/door-controllers", response=list[ControllerOut])
def controller_list(request: HttpRequest, slug: str):
    from multifactory.doors.models import DoorController

    multifactory = api_member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    return list(DoorController.objects.filter(multifactory=multifactory))


@router.post("/m/{slug}/place/door-controllers", response={201: ControllerTokenOut})
def controller_create(request: HttpRequest, slug: str, payload: ControllerIn):
    """Register a door controller; the answer holds its device token, once."""
    multifactory = api_member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    controller, token = services.door_controller_create(
        by=request.auth,
        multifactory=multifactory,
        name=payload.name,
        doors=[_door(multifactory, code, "doors") for code in payload.doors],
    )
    return Status(
        201,
        {
            "id": controller.pk,
            "name": controller.name,
            "revoked_at": None,
            "token": token,
        },
    )


@router.post(
    "/m/{slug}/place/door-controllers/{controller_id}/rotate",
    response=ControllerTokenOut,
)
def controller_rotate(request: HttpRequest, slug: str, controller_id: int):
    """A new device token; the old one stops working at once."""
    multifactory = api_member_multifactory(request, slug)
    controller, token = services.door_controller_rotate(
        by=request.auth, controller=_controller(request, multifactory, controller_id)
    )
    return {
        "id": controller.pk,
        "name": controller.name,
        "revoked_at": controller.revoked_at,
        "token": token,
    }


@router.post(
    "/m/{slug}/place/door-controllers/{controller_id}/revoke", response=ControllerOut
)
def controller_revoke(request: HttpRequest, slug: str, controller_id: int):
    multifactory = api_member_multifactory(request, slug)
    return services.door_controller_revoke(
        by=request.auth, controller=_controller(request, multifactory, controller_id)
    )
