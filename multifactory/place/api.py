"""JSON API of the place: resources, availability, bookings, series, units, usage,
qualifications and calendar feeds. Same services, selectors and access functions as
the pages; an overlap answers 409 with the time the resource is taken."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.security import APIKeyHeader

from multifactory.api.errors import ErrorOut
from multifactory.api.fields import (
    Day,
    Id,
    Instant,
    MoneyOut,
    money_in,
    money_input,
    money_out,
)
from multifactory.api.pagination import Page, PageParams, paginate
from multifactory.community import access as community_access
from multifactory.community.models import Organization, Person
from multifactory.core.throttle import by_value, throttle
from multifactory.place import access, selectors, services
from multifactory.place.models import (
    BookingStatus,
    Category,
    EquipmentType,
    FeedScope,
    Frequency,
    ResourceKind,
    TaskStatus,
    Urgency,
)

router = Router(tags=["place"])

NO_SUCH_COMPANY = _("No such company in this multifactory.")
NO_SUCH_PERSON = _("No such person in this multifactory.")
NO_SUCH_TYPE = _("No such equipment type in this multifactory.")


# Schemas --------------------------------------------------------------------------


class RuleOut(Schema):
    slot_minutes: int
    min_minutes: int
    max_minutes: int
    window_days: int
    buffer_minutes: int
    quota_week_hours: int | None
    quota_month_hours: int | None
    approval_required: bool
    cancel_hours: int
    who: str


class ResourceOut(Schema):
    id: int
    slug: str
    name: str
    kind: ResourceKind
    category: Category
    status: str
    capacity: int | None
    area_m2: int | None
    hourly_cost: MoneyOut = Field(description="Per hour; 0 = free.")
    equipment_type: str | None
    located_in: str | None = Field(description="Slug of the space it is in.")
    lent_by: str | None = Field(description="Slug of the lending company.")
    rule: RuleOut

    @staticmethod
    def resolve_hourly_cost(obj) -> MoneyOut:
        return money_out(obj.hourly_cost, obj.multifactory.currency)

    @staticmethod
    def resolve_equipment_type(obj) -> str | None:
        return obj.equipment_type.name if obj.equipment_type_id else None

    @staticmethod
    def resolve_located_in(obj) -> str | None:
        return obj.located_in.slug if obj.located_in_id else None

    @staticmethod
    def resolve_lent_by(obj) -> str | None:
        return obj.lent_by.slug if obj.lent_by_id else None


class BookingOut(Schema):
    id: int
    resource: str = Field(description="The resource's slug.")
    organization: str = Field(description="The company's slug.")
    organization_name: str
    start: datetime
    end: datetime
    status: BookingStatus
    title: str
    series: int | None

    @staticmethod
    def resolve_resource(obj) -> str:
        return obj.resource.slug

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_organization_name(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_series(obj) -> int | None:
        return obj.series_id


class BookingIn(Schema):
    resource: str = Field(description="The resource's slug.")
    organization: str = Field(description="Slug of your company that books.")
    start: Instant
    end: Instant
    title: str = Field("", max_length=120)


class MoveIn(Schema):
    start: Instant
    end: Instant


class SeriesIn(BookingIn):
    frequency: Frequency = Field(
        description="daily, weekly, monthly (same date) or monthly_weekday (same "
        "weekday of the month as the first occurrence, e.g. the first Sunday; a "
        "fifth weekday means the last one)."
    )
    interval: int = 1
    count: int | None = None
    until: Day | None = Field(None, description="Last local date; or give count.")
    skip: list[Day] = Field(
        [], max_length=200, description="Local days of the series left out (EXDATE)."
    )


class SeriesOut(Schema):
    id: int
    frequency: Frequency
    interval: int
    count: int | None
    until: date | None
    skip: list[date]
    rrule: str = Field(description="The RFC 5545 rule, as in the iCal feeds.")
    occurrences: list[BookingOut]

    @staticmethod
    def resolve_skip(obj) -> list[date]:
        return obj.skipped

    @staticmethod
    def resolve_rrule(obj) -> str:
        return obj.rule

    @staticmethod
    def resolve_occurrences(obj) -> list:
        return list(
            obj.occurrences.select_related("resource", "organization").order_by("start")
        )


class WindowQuery(Schema):
    start: Instant
    end: Instant


class AvailabilityQuery(WindowQuery):
    capacity: int | None = Field(None, ge=1)
    kind: ResourceKind | None = None
    category: Category | None = None


class UnitOut(Schema):
    slug: str
    name: str
    area_m2: int
    company: str | None
    since: date | None


class UnitsOut(Schema):
    total_m2: int
    assigned_m2: int
    percent: int
    units: list[UnitOut]


class UsageOut(Schema):
    organization: str
    resource: str
    category: str
    hours: Decimal


class QualificationIn(Schema):
    person_id: int
    equipment_type_id: int
    expires_on: Day | None = None
    lapse_months: int | None = Field(None, ge=1, le=120)


class QualificationOut(Schema):
    id: int
    person_id: int
    equipment_type: str
    granted_on: date
    expires_on: date | None
    lapse_months: int | None
    last_used_on: date | None

    @staticmethod
    def resolve_equipment_type(obj) -> str:
        return obj.equipment_type.name


class FeedIn(Schema):
    scope: FeedScope
    resource: str | None = Field(None, description="Slug, for a resource feed.")
    organization: str | None = Field(None, description="Slug, for a company feed.")


class FeedOut(Schema):
    url: str = Field(description="Secret address; shown only now.")


# Helpers --------------------------------------------------------------------------


def _member_multifactory(request: HttpRequest, slug: str):
    multifactory = community_access.multifactory_get(slug)
    access.member_require(request.auth, multifactory)
    return multifactory


def _company(multifactory, slug: str) -> Organization:
    company = Organization.objects.filter(multifactory=multifactory, slug=slug).first()
    if company is None:
        raise ValidationError({"organization": NO_SUCH_COMPANY})
    return company


def _conflict_as_409(error: ValidationError):
    if getattr(error, "code", None) == "taken":
        raise HttpError(409, " ".join(error.messages)) from error
    raise error


# Operations -----------------------------------------------------------------------


@router.get("/m/{slug}/place/resources", response=Page[ResourceOut])
def resource_list(
    request: HttpRequest,
    slug: str,
    page: Query[PageParams],
    kind: ResourceKind | None = None,
    category: Category | None = None,
):
    multifactory = _member_multifactory(request, slug)
    resources = selectors.resource_list(
        multifactory=multifactory, kind=kind or "", category=category or ""
    )
    return paginate(request, resources, page)


@router.get("/m/{slug}/place/resources/{resource}", response=ResourceOut)
def resource_get(request: HttpRequest, slug: str, resource: str):
    multifactory = _member_multifactory(request, slug)
    return access.resource_get_for_member(request.auth, multifactory, resource)


@router.get("/m/{slug}/place/resources/{resource}/bookings", response=list[BookingOut])
def resource_bookings(
    request: HttpRequest, slug: str, resource: str, window: Query[WindowQuery]
):
    """Bookings that hold time in the window (at most 31 days), e.g. one week."""
    multifactory = _member_multifactory(request, slug)
    found = access.resource_get_for_member(request.auth, multifactory, resource)
    if (window.end - window.start).days > 31 or window.end <= window.start:
        raise ValidationError({"end": _("Ask for a window of 1 to 31 days.")})
    return list(
        selectors.bookings_between(
            multifactory=multifactory,
            resource=found,
            start=window.start,
            end=window.end,
        ).select_related("resource")
    )


@router.get("/m/{slug}/place/availability", response=list[ResourceOut])
def availability(request: HttpRequest, slug: str, query: Query[AvailabilityQuery]):
    """Resources free and open for the whole period."""
    multifactory = _member_multifactory(request, slug)
    if query.end <= query.start:
        raise ValidationError({"end": _("The end comes after the start.")})
    return selectors.available_resources(
        multifactory=multifactory,
        start=query.start,
        end=query.end,
        capacity=query.capacity,
        kind=query.kind or "",
        category=query.category or "",
    )


@router.post("/m/{slug}/place/bookings", response={201: BookingOut})
def booking_create(request: HttpRequest, slug: str, payload: BookingIn):
    multifactory = _member_multifactory(request, slug)
    resource = access.resource_get_for_member(
        request.auth, multifactory, payload.resource
    )
    try:
        booking = services.booking_create(
            by=request.auth,
            resource=resource,
            organization=_company(multifactory, payload.organization),
            start=payload.start,
            end=payload.end,
            title=payload.title,
        )
    except ValidationError as error:
        _conflict_as_409(error)
    return Status(201, booking)


@router.get("/m/{slug}/place/bookings/mine", response=Page[BookingOut])
def my_bookings(request: HttpRequest, slug: str, page: Query[PageParams]):
    """Upcoming bookings of my companies."""
    multifactory = _member_multifactory(request, slug)
    bookings = selectors.my_bookings(
        person=request.auth, multifactory=multifactory, since=timezone.now()
    )
    return paginate(request, bookings, page)


@router.get("/m/{slug}/place/bookings/{booking_id}", response=BookingOut)
def booking_get(request: HttpRequest, slug: str, booking_id: int):
    multifactory = _member_multifactory(request, slug)
    return access.booking_get_for_person(request.auth, multifactory, booking_id)


@router.post("/m/{slug}/place/bookings/{booking_id}/move", response=BookingOut)
def booking_move(request: HttpRequest, slug: str, booking_id: int, payload: MoveIn):
    multifactory = _member_multifactory(request, slug)
    booking = access.booking_get_for_person(
        request.auth, multifactory, booking_id, write=True
    )
    try:
        return services.booking_move(
            by=request.auth, booking=booking, start=payload.start, end=payload.end
        )
    except ValidationError as error:
        _conflict_as_409(error)


@router.post("/m/{slug}/place/bookings/{booking_id}/cancel", response=BookingOut)
def booking_cancel(request: HttpRequest, slug: str, booking_id: int):
    multifactory = _member_multifactory(request, slug)
    booking = access.booking_get_for_person(
        request.auth, multifactory, booking_id, write=True
    )
    return services.booking_cancel(by=request.auth, booking=booking)


@router.post("/m/{slug}/place/bookings/{booking_id}/approve", response=BookingOut)
def booking_approve(request: HttpRequest, slug: str, booking_id: int):
    multifactory = _member_multifactory(request, slug)
    booking = access.booking_get_for_person(request.auth, multifactory, booking_id)
    return services.booking_approve(by=request.auth, booking=booking)


@router.post("/m/{slug}/place/bookings/{booking_id}/reject", response=BookingOut)
def booking_reject(request: HttpRequest, slug: str, booking_id: int):
    multifactory = _member_multifactory(request, slug)
    booking = access.booking_get_for_person(request.auth, multifactory, booking_id)
    return services.booking_reject(by=request.auth, booking=booking)


@router.post("/m/{slug}/place/series", response={201: SeriesOut})
def series_create(request: HttpRequest, slug: str, payload: SeriesIn):
    """A recurring booking: all occurrences are booked, or none."""
    multifactory = _member_multifactory(request, slug)
    resource = access.resource_get_for_member(
        request.auth, multifactory, payload.resource
    )
    try:
        series = services.booking_series_create(
            by=request.auth,
            resource=resource,
            organization=_company(multifactory, payload.organization),
            start=payload.start,
            end=payload.end,
            frequency=payload.frequency,
            interval=payload.interval,
            count=payload.count,
            until=payload.until,
            skip=payload.skip,
            title=payload.title,
        )
    except ValidationError as error:
        _conflict_as_409(error)
    return Status(201, series)


@router.post("/m/{slug}/place/series/{series_id}/cancel", response=SeriesOut)
def series_cancel(request: HttpRequest, slug: str, series_id: int):
    """Cancel every occurrence that has not started."""
    multifactory = _member_multifactory(request, slug)
    series = access.series_get_for_person(request.auth, multifactory, series_id)
    services.booking_series_cancel(by=request.auth, series=series)
    return series


@router.get("/m/{slug}/place/units", response=UnitsOut)
def units(request: HttpRequest, slug: str, on: Day | None = None):
    """Private units, the company each is assigned to, and the occupancy."""
    multifactory = _member_multifactory(request, slug)
    rows, occupancy = selectors.units_with_holders(
        multifactory=multifactory,
        on=on or timezone.localdate(timezone=multifactory.zone),
    )
    return {
        "total_m2": occupancy.total_m2,
        "assigned_m2": occupancy.assigned_m2,
        "percent": occupancy.percent,
        "units": [
            {
                "slug": row.unit.slug,
                "name": row.unit.name,
                "area_m2": row.unit.area_m2,
                "company": row.holder.slug if row.holder else None,
                "since": row.since,
            }
            for row in rows
        ],
    }


@router.get("/m/{slug}/place/usage", response=list[UsageOut])
def usage(request: HttpRequest, slug: str, window: Query[WindowQuery]):
    """Booked hours per company and resource in the period (for cost sharing)."""
    multifactory = _member_multifactory(request, slug)
    return [
        {
            "organization": row.organization,
            "resource": row.resource,
            "category": row.category,
            "hours": row.hours,
        }
        for row in selectors.usage_hours(
            multifactory=multifactory, start=window.start, end=window.end
        )
    ]


@router.post("/m/{slug}/place/qualifications", response={201: QualificationOut})
def qualification_grant(request: HttpRequest, slug: str, payload: QualificationIn):
    """A trainer qualifies a person for an equipment type."""
    multifactory = _member_multifactory(request, slug)
    equipment_type = EquipmentType.objects.filter(
        multifactory=multifactory, pk=payload.equipment_type_id
    ).first()
    if equipment_type is None:
        raise ValidationError({"equipment_type_id": NO_SUCH_TYPE})
    person = (
        Person.objects.filter(
            pk=payload.person_id, memberships__multifactory=multifactory
        )
        .distinct()
        .first()
    )
    if person is None:
        raise ValidationError({"person_id": NO_SUCH_PERSON})
    qualification = services.qualification_grant(
        by=request.auth,
        person=person,
        equipment_type=equipment_type,
        expires_on=payload.expires_on,
        lapse_months=payload.lapse_months,
    )
    return Status(201, qualification)


@router.post("/m/{slug}/place/feeds", response={201: FeedOut})
def feed_rotate(request: HttpRequest, slug: str, payload: FeedIn):
    """A new secret iCal address (the previous one for the same target stops)."""
    multifactory = _member_multifactory(request, slug)
    resource = organization = None
    if payload.resource:
        resource = access.resource_get_for_member(
            request.auth, multifactory, payload.resource
        )
    if payload.organization:
        organization = _company(multifactory, payload.organization)
    _feed, token = services.calendar_feed_rotate(
        by=request.auth,
        multifactory=multifactory,
        scope=payload.scope,
        resource=resource,
        organization=organization,
    )
    return Status(
        201, {"url": request.build_absolute_uri(reverse("place:ical", args=[token]))}
    )


# Keys, door access and care -------------------------------------------------------


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


class IncidentIn(Schema):
    title: str = Field(max_length=150)
    description: str = ""
    resource: str | None = Field(None, description="Slug of the resource, if any.")
    location: str = Field("", max_length=150)
    urgency: Urgency = Urgency.NORMAL


class IncidentOut(Schema):
    id: int
    title: str
    description: str
    urgency: Urgency
    status: str
    location: str
    created_at: datetime
    photo_url: str | None = None

    @staticmethod
    def resolve_photo_url(incident) -> str | None:
        """The address of the photo, served to members only (never /media/)."""
        if not incident.photo:
            return None
        return reverse(
            "place:incident_photo",
            kwargs={"mf": incident.multifactory.slug, "pk": incident.pk},
        )


class TaskOut(Schema):
    id: int
    title: str
    status: TaskStatus
    due_on: date | None
    assigned_organization_id: int | None
    assigned_person_id: int | None


class TaskStatusIn(Schema):
    status: TaskStatus


class TurnOut(Schema):
    starts_on: date
    ends_on: date
    organization: str

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug


class RotaOut(Schema):
    id: int
    name: str
    period_days: int
    turns: list[TurnOut]


class RotaDetailOut(RotaOut):
    current: TurnOut | None = Field(description="Whose turn it is today.")


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
    multifactory = _member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    return paginate(request, selectors.access_log(multifactory=multifactory), page)


@router.get("/m/{slug}/place/keys", response=list[KeyOut])
def key_register(request: HttpRequest, slug: str):
    """The register of keys and badges with their holders, for the keys keeper."""
    multifactory = _member_multifactory(request, slug)
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


@router.get("/m/{slug}/place/incidents", response=Page[IncidentOut])
def incident_list(request: HttpRequest, slug: str, page: Query[PageParams]):
    multifactory = _member_multifactory(request, slug)
    return paginate(request, selectors.incidents(multifactory=multifactory), page)


@router.post("/m/{slug}/place/incidents", response={201: IncidentOut})
def incident_report(request: HttpRequest, slug: str, payload: IncidentIn):
    """Report an incident; add its photo with the photo operation."""
    multifactory = _member_multifactory(request, slug)
    resource = None
    if payload.resource:
        resource = access.resource_get_for_member(
            request.auth, multifactory, payload.resource
        )
    incident = services.incident_report(
        by=request.auth,
        multifactory=multifactory,
        title=payload.title,
        description=payload.description,
        resource=resource,
        location=payload.location,
        urgency=payload.urgency,
    )
    return Status(201, incident)


@router.get("/m/{slug}/place/tasks", response=Page[TaskOut])
def task_list(request: HttpRequest, slug: str, page: Query[PageParams]):
    multifactory = _member_multifactory(request, slug)
    return paginate(
        request, selectors.maintenance_tasks(multifactory=multifactory), page
    )


@router.post("/m/{slug}/place/tasks/{task_id}/status", response=TaskOut)
def task_set_status(
    request: HttpRequest, slug: str, task_id: int, payload: TaskStatusIn
):
    multifactory = _member_multifactory(request, slug)
    task = selectors.maintenance_tasks(multifactory=multifactory).filter(pk=task_id)
    found = task.first()
    if found is None:
        raise Http404(_("No such task in this multifactory."))
    return services.maintenance_task_set_status(
        by=request.auth, task=found, status=payload.status
    )


@router.get("/m/{slug}/place/rotas", response=list[RotaDetailOut])
def rota_list(request: HttpRequest, slug: str):
    """Chores rotas with whose turn it is today and their next six turns."""
    multifactory = _member_multifactory(request, slug)
    today = timezone.localdate(timezone=multifactory.zone)
    return [
        {
            "id": rota.pk,
            "name": rota.name,
            "period_days": rota.period_days,
            "turns": turns,
            "current": turns[0] if turns and turns[0].starts_on <= today else None,
        }
        for rota, turns in selectors.chore_rotas(multifactory=multifactory, since=today)
    ]


# Managing the place (keys keeper mandate, or a decision through governance) ---------


class ResourceIn(Schema):
    kind: ResourceKind
    name: str = Field(max_length=120)
    category: Category = Category.OTHER
    description: str = ""
    capacity: int | None = Field(None, ge=0, le=100000)
    area_m2: int | None = Field(None, ge=0, le=1000000)
    hourly_cost: money_input(10_000_000) = 0


class OpeningIn(Schema):
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    opens: int = Field(ge=0, le=1439, description="Minutes after local midnight.")
    closes: int = Field(ge=1, le=1440)


class RulePatch(Schema):
    slot_minutes: int = Field(None, ge=5, le=1440)
    min_minutes: int = Field(None, ge=5, le=20160)
    max_minutes: int = Field(None, ge=5, le=20160)
    window_days: int = Field(None, ge=1, le=730)
    buffer_minutes: int = Field(None, ge=0, le=1440)
    quota_week_hours: int | None = Field(None, ge=0, le=168)
    quota_month_hours: int | None = Field(None, ge=0, le=744)
    approval_required: bool = None
    cancel_hours: int = Field(None, ge=0, le=8760)
    who: str = Field(None, pattern="^(members|listed)$")
    opening_hours: list[OpeningIn] = None


class AssignmentIn(Schema):
    organization: str = Field(description="The company's slug.")
    starts_on: Day
    ends_on: Day | None = None


class AssignmentOut(Schema):
    id: int
    unit: str
    organization: str
    starts_on: date
    ends_on: date | None

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.slug

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug


class KeyIssueIn(Schema):
    holder_id: int
    organization: str | None = None
    deposit_paid: money_input(10_000_000) = 0


class KeyReturnIn(Schema):
    lost: bool = False
    deposit_returned: money_input(10_000_000) | None = Field(
        None, description="Given back; by default all (none if lost)."
    )


class TaskIn(Schema):
    title: str = Field(max_length=150)
    description: str = ""
    resource: str | None = None
    assigned_organization: str | None = None
    assigned_person_id: int | None = None
    due_on: Day | None = None


class IncidentStatusIn(Schema):
    status: str = Field(pattern="^(open|in_progress|resolved)$")


def _person_here(multifactory, person_id: int, field: str) -> Person:
    person = (
        Person.objects.filter(pk=person_id, memberships__multifactory=multifactory)
        .distinct()
        .first()
    )
    if person is None:
        raise ValidationError({field: NO_SUCH_PERSON})
    return person


@router.post("/m/{slug}/place/resources", response={201: ResourceOut})
def resource_create(request: HttpRequest, slug: str, payload: ResourceIn):
    """A new unit, space or equipment, open 24 hours until its rules say otherwise."""
    multifactory = _member_multifactory(request, slug)
    fields = payload.model_dump() | {
        "hourly_cost": money_in(
            payload.hourly_cost, multifactory.currency, "hourly_cost", 10_000_000
        )
    }
    resource = services.resource_create(
        by=request.auth, multifactory=multifactory, **fields
    )
    return Status(
        201, access.resource_get_for_member(request.auth, multifactory, resource.slug)
    )


@router.patch("/m/{slug}/place/resources/{resource}/rule", response=RuleOut)
def rule_update(request: HttpRequest, slug: str, resource: str, payload: RulePatch):
    """Change the booking rules of a resource (keys keeper)."""
    multifactory = _member_multifactory(request, slug)
    found = access.resource_get_for_member(request.auth, multifactory, resource)
    changes = payload.model_dump(exclude_unset=True)
    opening = changes.pop("opening_hours", None)
    return services.booking_rule_update(
        by=request.auth,
        resource=found,
        opening_hours=[(o["weekday"], o["opens"], o["closes"]) for o in opening]
        if opening is not None
        else None,
        **changes,
    )


@router.post(
    "/m/{slug}/place/resources/{resource}/assignments", response={201: AssignmentOut}
)
def unit_assign(request: HttpRequest, slug: str, resource: str, payload: AssignmentIn):
    """Assign a private unit to a company for a period (keys keeper)."""
    multifactory = _member_multifactory(request, slug)
    unit = access.resource_get_for_member(request.auth, multifactory, resource)
    assignment = services.unit_assign(
        by=request.auth,
        unit=unit,
        organization=_company(multifactory, payload.organization),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, assignment)


def _key(multifactory, key_id: int):
    from multifactory.place.models import Key

    key = Key.objects.filter(multifactory=multifactory, pk=key_id).first()
    if key is None:
        raise Http404(_("No such key in this multifactory."))
    return key


@router.post("/m/{slug}/place/keys/{key_id}/issue", response={201: KeyOut})
def key_issue(request: HttpRequest, slug: str, key_id: int, payload: KeyIssueIn):
    multifactory = _member_multifactory(request, slug)
    key = _key(multifactory, key_id)
    handover = services.key_issue(
        by=request.auth,
        key=key,
        holder=_person_here(multifactory, payload.holder_id, "holder_id"),
        organization=_company(multifactory, payload.organization)
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
    multifactory = _member_multifactory(request, slug)
    key = _key(multifactory, key_id)
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


@router.post("/m/{slug}/place/tasks", response={201: TaskOut})
def task_create(request: HttpRequest, slug: str, payload: TaskIn):
    """A maintenance task for a company or a person (keys keeper)."""
    multifactory = _member_multifactory(request, slug)
    task = services.maintenance_task_create(
        by=request.auth,
        multifactory=multifactory,
        title=payload.title,
        description=payload.description,
        resource=access.resource_get_for_member(
            request.auth, multifactory, payload.resource
        )
        if payload.resource
        else None,
        assigned_organization=_company(multifactory, payload.assigned_organization)
        if payload.assigned_organization
        else None,
        assigned_person=_person_here(
            multifactory, payload.assigned_person_id, "assigned_person_id"
        )
        if payload.assigned_person_id
        else None,
        due_on=payload.due_on,
    )
    return Status(201, task)


@router.post("/m/{slug}/place/incidents/{incident_id}/photo", response=IncidentOut)
def incident_photo(
    request: HttpRequest, slug: str, incident_id: Id, photo: File[UploadedFile]
):
    """Attach the photo of an incident (JPEG, PNG, WebP or GIF, 5 MB at most):
    its reporter or the keys keeper."""
    multifactory = _member_multifactory(request, slug)
    found = (
        selectors.incidents(multifactory=multifactory).filter(pk=incident_id).first()
    )
    if found is None:
        raise Http404(_("No such incident in this multifactory."))
    return services.incident_photo_set(by=request.auth, incident=found, photo=photo)


@router.post("/m/{slug}/place/incidents/{incident_id}/status", response=IncidentOut)
def incident_status(
    request: HttpRequest, slug: str, incident_id: int, payload: IncidentStatusIn
):
    multifactory = _member_multifactory(request, slug)
    incident = selectors.incidents(multifactory=multifactory).filter(pk=incident_id)
    found = incident.first()
    if found is None:
        raise Http404(_("No such incident in this multifactory."))
    return services.incident_set_status(
        by=request.auth, incident=found, status=payload.status
    )


class ResourcePatch(Schema):
    name: str = Field(None, max_length=120)
    description: str = None
    capacity: int | None = Field(None, ge=0, le=100000)
    status: str = Field(None, pattern="^(available|out_of_order|withdrawn)$")
    hourly_cost: money_input(10_000_000) = None


@router.patch("/m/{slug}/place/resources/{resource}", response=ResourceOut)
def resource_update(
    request: HttpRequest, slug: str, resource: str, payload: ResourcePatch
):
    """Rename a resource, or mark it out of order or available again (keys keeper)."""
    multifactory = _member_multifactory(request, slug)
    found = access.resource_get_for_member(request.auth, multifactory, resource)
    changes = payload.model_dump(exclude_unset=True)
    if not changes:
        raise ValidationError(_("Send at least one field to change."))
    if "hourly_cost" in changes:
        changes["hourly_cost"] = money_in(
            payload.hourly_cost, multifactory.currency, "hourly_cost", 10_000_000
        )
    services.resource_update(by=request.auth, resource=found, **changes)
    return found


# Equipment types, doors, keys, access policies, controllers, rotas (keys keeper);
# ending unit assignments; revoking qualifications (trainer) ------------------------


class EquipmentTypeIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    requires_qualification: bool = False
    description: str = ""


class EquipmentTypePatch(Schema):
    name: str = Field(None, min_length=1, max_length=100)
    requires_qualification: bool = None
    description: str = None


class EquipmentTypeOut(Schema):
    id: int
    name: str
    requires_qualification: bool
    description: str


class EquipmentPatch(Schema):
    equipment_type_id: int | None = Field(
        None, description="An equipment type's id; null clears it."
    )
    located_in: str | None = Field(
        None, description="Slug of a common space; null clears it."
    )
    lent_by: str | None = Field(
        None, description="Slug of the lending member company; null = owned in common."
    )


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


class RotaIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    companies: list[str] = Field(description="Company slugs, in the order of turns.")
    starts_on: Day
    period_days: int = Field(7, ge=1, le=366)


class AssignmentEndIn(Schema):
    ends_on: Day = Field(description="The assignment's last day.")


def _door(multifactory, code: str, field: str):
    from multifactory.place.models import Door

    door = Door.objects.filter(multifactory=multifactory, slug=code).first()
    if door is None:
        raise ValidationError({field: NO_SUCH_DOOR})
    return door


NO_SUCH_DOOR = _("No such door in this multifactory.")


def _rota_company(multifactory, slug: str) -> Organization:
    company = Organization.objects.filter(multifactory=multifactory, slug=slug).first()
    if company is None:
        raise ValidationError({"companies": services.ROTA_NEEDS_COMPANIES})
    return company


def _rota_out(rota, multifactory):
    today = timezone.localdate(timezone=multifactory.zone)
    turns = selectors.rota_turns(rota, since=today)
    current = turns[0] if turns and turns[0].starts_on <= today else None
    return {
        "id": rota.pk,
        "name": rota.name,
        "period_days": rota.period_days,
        "turns": turns,
        "current": current,
    }


@router.get("/m/{slug}/place/equipment-types", response=list[EquipmentTypeOut])
def equipment_type_list(request: HttpRequest, slug: str):
    multifactory = _member_multifactory(request, slug)
    return list(EquipmentType.objects.filter(multifactory=multifactory))


@router.post("/m/{slug}/place/equipment-types", response={201: EquipmentTypeOut})
def equipment_type_create(request: HttpRequest, slug: str, payload: EquipmentTypeIn):
    """A new equipment type (keys keeper)."""
    multifactory = _member_multifactory(request, slug)
    return Status(
        201,
        services.equipment_type_create(
            by=request.auth, multifactory=multifactory, **payload.model_dump()
        ),
    )


@router.patch("/m/{slug}/place/equipment-types/{type_id}", response=EquipmentTypeOut)
def equipment_type_update(
    request: HttpRequest, slug: str, type_id: int, payload: EquipmentTypePatch
):
    multifactory = _member_multifactory(request, slug)
    equipment_type = EquipmentType.objects.filter(
        multifactory=multifactory, pk=type_id
    ).first()
    if equipment_type is None:
        raise Http404(NO_SUCH_TYPE)
    changes = payload.model_dump(exclude_unset=True)
    if not changes:
        raise ValidationError(_("Send at least one field to change."))
    return services.equipment_type_update(
        by=request.auth, equipment_type=equipment_type, **changes
    )


@router.patch("/m/{slug}/place/resources/{resource}/equipment", response=ResourceOut)
def equipment_update(
    request: HttpRequest, slug: str, resource: str, payload: EquipmentPatch
):
    """Set an equipment's type, location (a space) and lender (keys keeper)."""
    from multifactory.place.models import Resource

    multifactory = _member_multifactory(request, slug)
    found = access.resource_get_for_member(request.auth, multifactory, resource)
    sent = payload.model_dump(exclude_unset=True)
    if not sent:
        raise ValidationError(_("Send at least one field to change."))
    changes = {}
    if "equipment_type_id" in sent:
        changes["equipment_type"] = None
        if sent["equipment_type_id"] is not None:
            changes["equipment_type"] = EquipmentType.objects.filter(
                multifactory=multifactory, pk=sent["equipment_type_id"]
            ).first()
            if changes["equipment_type"] is None:
                raise ValidationError({"equipment_type_id": NO_SUCH_TYPE})
    if "located_in" in sent:
        changes["located_in"] = None
        if sent["located_in"] is not None:
            changes["located_in"] = Resource.objects.filter(
                multifactory=multifactory, slug=sent["located_in"]
            ).first()
            if changes["located_in"] is None:
                raise ValidationError({"located_in": services.LOCATION_NOT_A_SPACE})
    if "lent_by" in sent:
        changes["lent_by"] = None
        if sent["lent_by"] is not None:
            changes["lent_by"] = Organization.objects.filter(
                multifactory=multifactory, slug=sent["lent_by"]
            ).first()
            if changes["lent_by"] is None:
                raise ValidationError({"lent_by": services.LENDER_NOT_MEMBER})
    services.resource_update(by=request.auth, resource=found, **changes)
    return access.resource_get_for_member(request.auth, multifactory, resource)


@router.get("/m/{slug}/place/doors", response=list[DoorOut])
def door_list(request: HttpRequest, slug: str):
    multifactory = _member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    from multifactory.place.models import Door

    return list(Door.objects.filter(multifactory=multifactory).order_by("name"))


@router.post("/m/{slug}/place/doors", response={201: DoorOut})
def door_create(request: HttpRequest, slug: str, payload: DoorIn):
    multifactory = _member_multifactory(request, slug)
    resource = None
    if payload.resource:
        resource = access.resource_get_for_member(
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
    multifactory = _member_multifactory(request, slug)
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
    multifactory = _member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    from multifactory.place.models import AccessPolicy

    return list(AccessPolicy.objects.filter(multifactory=multifactory))


@router.post("/m/{slug}/place/access-policies", response={201: PolicyOut})
def policy_create(request: HttpRequest, slug: str, payload: PolicyIn):
    """Who may open which door when (keys keeper)."""
    multifactory = _member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    return Status(
        201,
        services.access_policy_create(
            by=request.auth,
            multifactory=multifactory,
            name=payload.name,
            door=_door(multifactory, payload.door, "door") if payload.door else None,
            organization=_company(multifactory, payload.organization)
            if payload.organization
            else None,
            person=_person_here(multifactory, payload.person_id, "person_id")
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
    from multifactory.place.models import AccessPolicy

    multifactory = _member_multifactory(request, slug)
    policy = AccessPolicy.objects.filter(
        multifactory=multifactory, pk=policy_id
    ).first()
    if policy is None:
        raise Http404(_("No such access policy in this multifactory."))
    return services.access_policy_end(
        by=request.auth, policy=policy, last_day=payload.last_day
    )


def _controller(multifactory, controller_id: int):
    from multifactory.place.models import DoorController

    controller = DoorController.objects.filter(
        multifactory=multifactory, pk=controller_id
    ).first()
    if controller is None:
        raise Http404(_("No such door controller in this multifactory."))
    return controller


@router.get("/m/{slug}/place/door-controllers", response=list[ControllerOut])
def controller_list(request: HttpRequest, slug: str):
    from multifactory.place.models import DoorController

    multifactory = _member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    return list(DoorController.objects.filter(multifactory=multifactory))


@router.post("/m/{slug}/place/door-controllers", response={201: ControllerTokenOut})
def controller_create(request: HttpRequest, slug: str, payload: ControllerIn):
    """Register a door controller; the answer holds its device token, once."""
    multifactory = _member_multifactory(request, slug)
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
    multifactory = _member_multifactory(request, slug)
    controller, token = services.door_controller_rotate(
        by=request.auth, controller=_controller(multifactory, controller_id)
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
    multifactory = _member_multifactory(request, slug)
    return services.door_controller_revoke(
        by=request.auth, controller=_controller(multifactory, controller_id)
    )


@router.post("/m/{slug}/place/rotas", response={201: RotaDetailOut})
def rota_create(request: HttpRequest, slug: str, payload: RotaIn):
    """A chore that rotates among member companies (keys keeper)."""
    multifactory = _member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    rota = services.chore_rota_create(
        by=request.auth,
        multifactory=multifactory,
        name=payload.name,
        description=payload.description,
        companies=[
            _rota_company(multifactory, company) for company in payload.companies
        ],
        starts_on=payload.starts_on,
        period_days=payload.period_days,
    )
    return Status(201, _rota_out(rota, multifactory))


@router.get("/m/{slug}/place/rotas/{rota_id}", response=RotaDetailOut)
def rota_get(request: HttpRequest, slug: str, rota_id: int):
    """A rota with whose turn it is today and the next turns."""
    from multifactory.place.models import ChoreRota

    multifactory = _member_multifactory(request, slug)
    rota = ChoreRota.objects.filter(multifactory=multifactory, pk=rota_id).first()
    if rota is None:
        raise Http404(_("No such rota in this multifactory."))
    return _rota_out(rota, multifactory)


@router.post("/m/{slug}/place/assignments/{assignment_id}/end", response=AssignmentOut)
def assignment_end(
    request: HttpRequest, slug: str, assignment_id: int, payload: AssignmentEndIn
):
    """End the assignment of a private unit on a day (keys keeper)."""
    from multifactory.place.models import UnitAssignment

    multifactory = _member_multifactory(request, slug)
    assignment = (
        UnitAssignment.objects.select_related("unit", "organization", "multifactory")
        .filter(multifactory=multifactory, pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise Http404(_("No such unit assignment in this multifactory."))
    return services.unit_assignment_end(
        by=request.auth, assignment=assignment, ends_on=payload.ends_on
    )


@router.post(
    "/m/{slug}/place/qualifications/{qualification_id}/revoke",
    response=QualificationOut,
)
def qualification_revoke(request: HttpRequest, slug: str, qualification_id: int):
    """A trainer revokes a qualification."""
    from multifactory.place.models import Qualification

    multifactory = _member_multifactory(request, slug)
    qualification = (
        Qualification.objects.select_related("equipment_type", "multifactory")
        .filter(multifactory=multifactory, pk=qualification_id)
        .first()
    )
    if qualification is None:
        raise Http404(_("No such qualification in this multifactory."))
    return services.qualification_revoke(by=request.auth, qualification=qualification)
