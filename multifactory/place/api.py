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
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from multifactory.api.fields import (
    Day,
    Instant,
    MoneyOut,
    money_in,
    money_input,
    money_out,
)
from multifactory.api.pagination import Page, PageParams, paginate
from multifactory.community.models import Organization, Person
from multifactory.place import access, selectors, services, web
from multifactory.place.models import (
    BookingStatus,
    Category,
    EquipmentType,
    FeedScope,
    Frequency,
    ResourceKind,
)
from multifactory.place.web import api_member_multifactory, company_here

router = Router(tags=["place"])

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
    multifactory = api_member_multifactory(request, slug)
    resources = selectors.resource_list(
        multifactory=multifactory, kind=kind or "", category=category or ""
    )
    return paginate(request, resources, page)


@router.get("/m/{slug}/place/resources/{resource}", response=ResourceOut)
def resource_get(request: HttpRequest, slug: str, resource: str):
    multifactory = api_member_multifactory(request, slug)
    return access.resource_get_for_member(request.auth, multifactory, resource)


@router.get("/m/{slug}/place/resources/{resource}/bookings", response=list[BookingOut])
def resource_bookings(
    request: HttpRequest, slug: str, resource: str, window: Query[WindowQuery]
):
    """Bookings that hold time in the window (at most 31 days), e.g. one week."""
    multifactory = api_member_multifactory(request, slug)
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
    multifactory = api_member_multifactory(request, slug)
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
    multifactory = api_member_multifactory(request, slug)
    resource = access.resource_get_for_member(
        request.auth, multifactory, payload.resource
    )
    try:
        booking = services.booking_create(
            by=request.auth,
            resource=resource,
            organization=company_here(multifactory, payload.organization),
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
    multifactory = api_member_multifactory(request, slug)
    bookings = selectors.my_bookings(
        person=request.auth, multifactory=multifactory, since=timezone.now()
    )
    return paginate(request, bookings, page)


@router.get("/m/{slug}/place/bookings/{booking_id}", response=BookingOut)
def booking_get(request: HttpRequest, slug: str, booking_id: int):
    multifactory = api_member_multifactory(request, slug)
    return access.booking_get_for_person(request.auth, multifactory, booking_id)


@router.post("/m/{slug}/place/bookings/{booking_id}/move", response=BookingOut)
def booking_move(request: HttpRequest, slug: str, booking_id: int, payload: MoveIn):
    multifactory = api_member_multifactory(request, slug)
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
    multifactory = api_member_multifactory(request, slug)
    booking = access.booking_get_for_person(
        request.auth, multifactory, booking_id, write=True
    )
    return services.booking_cancel(by=request.auth, booking=booking)


@router.post("/m/{slug}/place/bookings/{booking_id}/approve", response=BookingOut)
def booking_approve(request: HttpRequest, slug: str, booking_id: int):
    multifactory = api_member_multifactory(request, slug)
    booking = access.booking_get_for_person(request.auth, multifactory, booking_id)
    return services.booking_approve(by=request.auth, booking=booking)


@router.post("/m/{slug}/place/bookings/{booking_id}/reject", response=BookingOut)
def booking_reject(request: HttpRequest, slug: str, booking_id: int):
    multifactory = api_member_multifactory(request, slug)
    booking = access.booking_get_for_person(request.auth, multifactory, booking_id)
    return services.booking_reject(by=request.auth, booking=booking)


@router.post("/m/{slug}/place/series", response={201: SeriesOut})
def series_create(request: HttpRequest, slug: str, payload: SeriesIn):
    """A recurring booking: all occurrences are booked, or none."""
    multifactory = api_member_multifactory(request, slug)
    resource = access.resource_get_for_member(
        request.auth, multifactory, payload.resource
    )
    try:
        series = services.booking_series_create(
            by=request.auth,
            resource=resource,
            organization=company_here(multifactory, payload.organization),
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
    multifactory = api_member_multifactory(request, slug)
    series = access.series_get_for_person(request.auth, multifactory, series_id)
    services.booking_series_cancel(by=request.auth, series=series)
    return series


@router.get("/m/{slug}/place/units", response=UnitsOut)
def units(request: HttpRequest, slug: str, on: Day | None = None):
    """Private units, the company each is assigned to, and the occupancy."""
    multifactory = api_member_multifactory(request, slug)
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
    multifactory = api_member_multifactory(request, slug)
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
    multifactory = api_member_multifactory(request, slug)
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
        raise ValidationError({"person_id": web.NO_SUCH_PERSON})
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
    multifactory = api_member_multifactory(request, slug)
    resource = organization = None
    if payload.resource:
        resource = access.resource_get_for_member(
            request.auth, multifactory, payload.resource
        )
    if payload.organization:
        organization = company_here(multifactory, payload.organization)
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


@router.post("/m/{slug}/place/resources", response={201: ResourceOut})
def resource_create(request: HttpRequest, slug: str, payload: ResourceIn):
    """A new unit, space or equipment, open 24 hours until its rules say otherwise."""
    multifactory = api_member_multifactory(request, slug)
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
    multifactory = api_member_multifactory(request, slug)
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
    multifactory = api_member_multifactory(request, slug)
    unit = access.resource_get_for_member(request.auth, multifactory, resource)
    assignment = services.unit_assign(
        by=request.auth,
        unit=unit,
        organization=company_here(multifactory, payload.organization),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, assignment)


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
    multifactory = api_member_multifactory(request, slug)
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


class AssignmentEndIn(Schema):
    ends_on: Day = Field(description="The assignment's last day.")


@router.get("/m/{slug}/place/equipment-types", response=list[EquipmentTypeOut])
def equipment_type_list(request: HttpRequest, slug: str):
    multifactory = api_member_multifactory(request, slug)
    return list(EquipmentType.objects.filter(multifactory=multifactory))


@router.post("/m/{slug}/place/equipment-types", response={201: EquipmentTypeOut})
def equipment_type_create(request: HttpRequest, slug: str, payload: EquipmentTypeIn):
    """A new equipment type (keys keeper)."""
    multifactory = api_member_multifactory(request, slug)
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
    multifactory = api_member_multifactory(request, slug)
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

    multifactory = api_member_multifactory(request, slug)
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


@router.post("/m/{slug}/place/assignments/{assignment_id}/end", response=AssignmentOut)
def assignment_end(
    request: HttpRequest, slug: str, assignment_id: int, payload: AssignmentEndIn
):
    """End the assignment of a private unit on a day (keys keeper)."""
    from multifactory.place.models import UnitAssignment

    multifactory = api_member_multifactory(request, slug)
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

    multifactory = api_member_multifactory(request, slug)
    qualification = (
        Qualification.objects.select_related("equipment_type", "multifactory")
        .filter(multifactory=multifactory, pk=qualification_id)
        .first()
    )
    if qualification is None:
        raise Http404(_("No such qualification in this multifactory."))
    return services.qualification_revoke(by=request.auth, qualification=qualification)
