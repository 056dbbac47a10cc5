"""Writes of the place capability. Each one is atomic, validated and audited.

Bookings go through `rules.booking_check`; the database has the last word on overlaps
(an exclusion constraint on PostgreSQL, serialized writers on SQLite).
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multifactory.audit.services import audit_record, diff, snapshot
from multifactory.community.access import (
    acts_for,
    authority_require,
    is_member_of,
    mandate_require,
)
from multifactory.community.models import (
    MandateKind,
    Multifactory,
    Organization,
    Person,
)
from multifactory.core import recurrence
from multifactory.core.services import (
    CONFLICTS_WITH_EXISTING,
    save_validated,
    unique_slug,
)
from multifactory.notifications.services import notify
from multifactory.place import access, rules
from multifactory.place.models import (
    HOLDING,
    MINUTES_IN_DAY,
    Booking,
    BookingRule,
    BookingSeries,
    BookingStatus,
    CalendarFeed,
    EquipmentType,
    FeedScope,
    OpeningHours,
    Qualification,
    Resource,
    ResourceKind,
    UnitAssignment,
)

# The decision effects (governance's registry) that may assign a unit in place of
# the keys keeper's mandate.
ASSIGN_UNIT_EFFECTS = ("admit_application", "assign_unit")

ALREADY_CANCELLED = _("This booking is already cancelled or was rejected.")
ALREADY_STARTED = _("This booking has already started: it can no longer be changed.")
CANCEL_TOO_LATE = _(
    "Bookings of this resource can be cancelled or moved at most %(hours)s hours "
    "before they start (cancellation deadline)."
)
NOT_PENDING = _("Only a booking waiting for approval can be approved or rejected.")
# A series' recurrence is checked in core.recurrence, with these messages.
RECURRENCE_FREQUENCY = recurrence.BAD_FREQUENCY
RECURRENCE_END = recurrence.NO_END
RECURRENCE_COUNT = recurrence.BAD_COUNT
RECURRENCE_INTERVAL = recurrence.BAD_INTERVAL
RECURRENCE_UNTIL = recurrence.UNTIL_BEFORE_START
RECURRENCE_TOO_MANY = recurrence.TOO_MANY
RECURRENCE_NOT_AN_OCCURRENCE = recurrence.NOT_AN_OCCURRENCE
RECURRENCE_ALL_SKIPPED = recurrence.ALL_SKIPPED
SERIES_OCCURRENCE_REFUSED = _("The occurrence of %(day)s cannot be booked: %(reason)s")
UNIT_ALREADY_ASSIGNED = _("This unit is already assigned to a company in that period.")
ASSIGNMENT_END_BEFORE_START = _(
    "An assignment ends on or after the day it starts: choose a later date."
)
NOT_A_UNIT = _("Only a private unit is assigned to a company.")
ASSIGNEE_NOT_HERE = _("The company must belong to this multifactory.")
TRAINER_SCOPE = _("Your trainer mandate covers “%(scope)s”, not %(type)s.")
QUALIFIED_NOT_MEMBER = _("A qualification goes to a person of a member company.")
ALREADY_REVOKED = _("This qualification has already been revoked.")
FEED_TARGET = _("Choose what the calendar shows.")
NO_TRAINER = _("Only a person with a trainer mandate grants qualifications.")

MAX_OCCURRENCES = 200
RULE_FIELDS = [
    "slot_minutes",
    "min_minutes",
    "max_minutes",
    "window_days",
    "buffer_minutes",
    "quota_week_hours",
    "quota_month_hours",
    "approval_required",
    "approver",
    "cancel_hours",
    "who",
]
RESOURCE_FIELDS = [
    "name",
    "category",
    "description",
    "capacity",
    "area_m2",
    "equipment_type",
    "located_in",
    "lent_by",
    "status",
    "hourly_cost",
]
ALWAYS_OPEN = [(day, 0, MINUTES_IN_DAY) for day in range(7)]


EQUIPMENT_TYPE_NOT_HERE = _("Choose an equipment type of this multifactory.")
LOCATION_NOT_A_SPACE = _("Equipment is located in a common space of this multifactory.")
LENDER_NOT_MEMBER = _(
    "Equipment is lent by an active member company of this multifactory."
)
ONLY_EQUIPMENT = _("Only equipment has a type, a location and a lender.")


def _check_equipment_fields(
    multifactory: Multifactory, kind: str, fields: dict
) -> None:
    """Type, location and lender of equipment belong to this multifactory; a field
    error names the one at fault."""
    from multifactory.community.models import ACTIVE_STATUSES

    for name in ("equipment_type", "located_in", "lent_by"):
        if fields.get(name) is not None and kind != ResourceKind.EQUIPMENT:
            raise ValidationError({name: ONLY_EQUIPMENT})
    equipment_type = fields.get("equipment_type")
    if equipment_type is not None and equipment_type.multifactory_id != multifactory.pk:
        raise ValidationError({"equipment_type": EQUIPMENT_TYPE_NOT_HERE})
    located_in = fields.get("located_in")
    if located_in is not None and (
        located_in.multifactory_id != multifactory.pk
        or located_in.kind != ResourceKind.SPACE
    ):
        raise ValidationError({"located_in": LOCATION_NOT_A_SPACE})
    lent_by = fields.get("lent_by")
    if lent_by is not None and (
        lent_by.multifactory_id != multifactory.pk
        or lent_by.status not in ACTIVE_STATUSES
    ):
        raise ValidationError({"lent_by": LENDER_NOT_MEMBER})


# Resources and their rules ---------------------------------------------------------


@transaction.atomic
def equipment_type_create(
    *,
    by: Person,
    multifactory: Multifactory,
    name: str,
    requires_qualification: bool = False,
    description: str = "",
) -> EquipmentType:
    mandate = access.place_mandate_require(by, multifactory)
    equipment_type = EquipmentType(
        multifactory=multifactory,
        name=name.strip(),
        requires_qualification=requires_qualification,
        description=description,
    )
    save_validated(equipment_type)
    audit_record(
        by=by,
        action="equipment_type.created",
        target=equipment_type,
        multifactory=multifactory,
        mandate=mandate,
        changes={"name": name, "requires_qualification": requires_qualification},
    )
    return equipment_type


@transaction.atomic
def equipment_type_update(
    *, by: Person, equipment_type: EquipmentType, **fields
) -> EquipmentType:
    """Rename a type, or say whether booking it needs a qualification."""
    mandate = access.place_mandate_require(by, equipment_type.multifactory)
    unknown = set(fields) - {"name", "requires_qualification", "description"}
    if unknown:
        raise TypeError(f"Unknown equipment type fields: {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    before = snapshot(equipment_type, list(fields))
    for name, value in fields.items():
        setattr(equipment_type, name, value)
    save_validated(equipment_type, update_fields=[*fields, "updated_at"])
    audit_record(
        by=by,
        action="equipment_type.updated",
        target=equipment_type,
        multifactory=equipment_type.multifactory,
        mandate=mandate,
        changes=diff(before, snapshot(equipment_type, list(fields))),
    )
    return equipment_type


@transaction.atomic
def resource_create(
    *,
    by: Person,
    multifactory: Multifactory,
    kind: str,
    name: str,
    opening_hours: list[tuple[int, int, int]] | None = None,
    rule: dict | None = None,
    **fields,
) -> Resource:
    """A new unit, space or equipment with its booking rule (24 h a day by default)."""
    mandate = access.place_mandate_require(by, multifactory)
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown resource fields: {sorted(unknown)}")
    if kind == ResourceKind.UNIT:
        fields.setdefault("category", "unit")
    _check_equipment_fields(multifactory, kind, fields)
    resource = Resource(
        multifactory=multifactory,
        kind=kind,
        name=name.strip(),
        slug=unique_slug(
            Resource.objects.filter(multifactory=multifactory),
            name,
            fallback="resource",
        ),
        **fields,
    )
    save_validated(resource)
    booking_rule = BookingRule(resource=resource, **(rule or {}))
    save_validated(booking_rule)
    _set_opening_hours(booking_rule, opening_hours or ALWAYS_OPEN)
    audit_record(
        by=by,
        action="resource.created",
        target=resource,
        multifactory=multifactory,
        mandate=mandate,
        changes={"kind": kind} | snapshot(resource, ["name", *fields]),
    )
    return resource


@transaction.atomic
def resource_update(*, by: Person, resource: Resource, **fields) -> Resource:
    mandate = access.place_mandate_require(by, resource.multifactory)
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown resource fields: {sorted(unknown)}")
    _check_equipment_fields(resource.multifactory, resource.kind, fields)
    before = snapshot(resource, list(fields))
    for name, value in fields.items():
        setattr(resource, name, value)
    save_validated(resource, update_fields=[*fields, "updated_at"])
    audit_record(
        by=by,
        action="resource.updated",
        target=resource,
        multifactory=resource.multifactory,
        mandate=mandate,
        changes=diff(before, snapshot(resource, list(fields))),
    )
    return resource


def _set_opening_hours(rule: BookingRule, hours: list[tuple[int, int, int]]) -> None:
    rule.opening_hours.all().delete()
    rows = [
        OpeningHours(rule=rule, weekday=day, opens_minute=opens, closes_minute=closes)
        for day, opens, closes in hours
    ]
    for row in rows:
        row.full_clean(exclude=["rule"])
    OpeningHours.objects.bulk_create(rows)


@transaction.atomic
def booking_rule_update(
    *,
    by: Person,
    resource: Resource,
    opening_hours: list[tuple[int, int, int]] | None = None,
    allowed_organizations: list[Organization] | None = None,
    **fields,
) -> BookingRule:
    """Change the rules of a resource. Bookings already made keep their times."""
    mandate = access.place_mandate_require(by, resource.multifactory)
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown rule fields: {sorted(unknown)}")
    rule = resource.rule
    before = snapshot(rule, list(fields))
    for name, value in fields.items():
        setattr(rule, name, value)
    save_validated(rule, update_fields=[*fields, "updated_at"])
    changes = diff(before, snapshot(rule, list(fields)))
    if opening_hours is not None:
        old = rules.opening_text(rule)
        _set_opening_hours(rule, opening_hours)
        changes["opening_hours"] = [old, rules.opening_text(rule)]
    if allowed_organizations is not None:
        if any(
            o.multifactory_id != resource.multifactory_id for o in allowed_organizations
        ):
            raise ValidationError({"allowed_organizations": ASSIGNEE_NOT_HERE})
        rule.allowed_organizations.set(allowed_organizations)
        changes["allowed_organizations"] = [str(o) for o in allowed_organizations]
    audit_record(
        by=by,
        action="booking_rule.updated",
        target=rule,
        multifactory=resource.multifactory,
        mandate=mandate,
        changes=changes,
    )
    return rule


@transaction.atomic
def unit_assign(
    *,
    by: Person,
    unit: Resource,
    organization: Organization,
    starts_on: date,
    ends_on: date | None = None,
    note: str = "",
    decision=None,
) -> UnitAssignment:
    """Assign a private unit to a member company for a period (history is kept): the
    keys keeper's mandate, or a decision admitting an applicant with its unit
    (`decision`, checked to order it now)."""
    mandate = authority_require(
        by,
        unit.multifactory,
        access.PLACE_MANDATE,
        decision=decision,
        effect=ASSIGN_UNIT_EFFECTS,
    )
    if unit.kind != ResourceKind.UNIT:
        raise ValidationError({"unit": NOT_A_UNIT})
    if organization.multifactory_id != unit.multifactory_id:
        raise ValidationError({"organization": ASSIGNEE_NOT_HERE})
    # Lock the unit so two assignments cannot be checked and written at once.
    Resource.objects.select_for_update().filter(pk=unit.pk).first()
    overlapping = UnitAssignment.objects.filter(unit=unit).exclude(
        ends_on__lt=starts_on
    )
    if ends_on is not None:
        overlapping = overlapping.exclude(starts_on__gt=ends_on)
    if overlapping.exists():
        raise ValidationError(UNIT_ALREADY_ASSIGNED, code="unit_already_assigned")
    assignment = UnitAssignment(
        multifactory=unit.multifactory,
        unit=unit,
        organization=organization,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
    )
    save_validated(assignment)
    audit_record(
        by=by,
        action="unit.assigned",
        target=assignment,
        multifactory=unit.multifactory,
        organization=organization,
        mandate=mandate,
        decision=decision,
        changes=snapshot(assignment, ["unit", "organization", "starts_on", "ends_on"]),
    )
    return assignment


@transaction.atomic
def unit_assignment_end(
    *, by: Person, assignment: UnitAssignment, ends_on: date
) -> UnitAssignment:
    mandate = access.place_mandate_require(by, assignment.multifactory)
    if ends_on is None or ends_on < assignment.starts_on:
        raise ValidationError({"ends_on": ASSIGNMENT_END_BEFORE_START})
    before = snapshot(assignment, ["ends_on"])
    assignment.ends_on = ends_on
    save_validated(assignment, update_fields=["ends_on", "updated_at"])
    audit_record(
        by=by,
        action="unit.assignment_ended",
        target=assignment,
        multifactory=assignment.multifactory,
        organization=assignment.organization,
        mandate=mandate,
        changes=diff(before, snapshot(assignment, ["ends_on"])),
    )
    return assignment


# Bookings --------------------------------------------------------------------------


def _locked_resource(resource: Resource) -> Resource:
    """The resource row, locked until the transaction ends.

    On PostgreSQL bookers of one resource queue here, so the overlap and quota checks
    see every committed booking; on SQLite the IMMEDIATE transaction already holds
    the database write lock.
    """
    return (
        Resource.objects.select_for_update(of=("self",))
        .select_related("multifactory", "equipment_type")
        .get(pk=resource.pk)
    )


def _rule(resource: Resource) -> BookingRule:
    return BookingRule.objects.prefetch_related(
        "opening_hours", "allowed_organizations"
    ).get(resource=resource)


def _write_booking(booking: Booking, *, update_fields=None) -> None:
    """Save; an overlap that slipped past the check (a race) becomes the TAKEN error."""
    booking.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save(update_fields=update_fields)
    except IntegrityError as error:
        conflict = rules.first_conflict(
            resource=booking.resource,
            start=booking.start,
            blocked_until=booking.blocked_until,
            exclude_id=booking.pk,
        )
        if conflict is None:
            # Another constraint lost a race: say so, never the database's text.
            raise ValidationError(CONFLICTS_WITH_EXISTING, code="conflict") from error
        raise rules.taken_error(conflict, booking.multifactory.zone) from error


def _record_use(booking: Booking, by: Person) -> None:
    equipment_type = booking.resource.equipment_type
    if equipment_type is None or not equipment_type.requires_qualification:
        return
    day = booking.start.astimezone(booking.multifactory.zone).date()
    qualification = rules.valid_qualification(by, equipment_type, day)
    if qualification and (
        qualification.last_used_on is None or qualification.last_used_on < day
    ):
        qualification.last_used_on = day
        qualification.save(update_fields=["last_used_on", "updated_at"])


def _notify_approvers(booking: Booking, rule: BookingRule) -> None:
    from multifactory.community.models import Mandate

    approvers = [
        mandate.person
        for mandate in Mandate.objects.active(on=booking.multifactory.today())
        .filter(
            multifactory=booking.multifactory,
            kind__in={rule.approver, MandateKind.FOUNDER},
        )
        .select_related("person")
    ]
    notify(
        people=approvers,
        kind="booking_pending",
        multifactory=booking.multifactory,
        title=_("%(company)s asks to book %(resource)s")
        % {"company": booking.organization, "resource": booking.resource},
        url=reverse("place:my_bookings", kwargs={"mf": booking.multifactory.slug}),
    )


def _create_one(
    *,
    by: Person,
    resource: Resource,
    rule: BookingRule,
    organization: Organization,
    start: datetime,
    end: datetime,
    title: str,
    now: datetime,
    series: BookingSeries | None = None,
) -> Booking:
    start, end = rules.as_utc(start), rules.as_utc(end)
    rules.booking_check(
        resource=resource,
        rule=rule,
        organization=organization,
        by=by,
        start=start,
        end=end,
        now=now,
    )
    booking = Booking(
        multifactory=resource.multifactory,
        resource=resource,
        organization=organization,
        booked_by=by,
        start=start,
        end=end,
        blocked_until=end + timedelta(minutes=rule.buffer_minutes),
        status=BookingStatus.PENDING
        if rule.approval_required
        else BookingStatus.CONFIRMED,
        series=series,
        title=title,
    )
    _write_booking(booking)
    _record_use(booking, by)
    return booking


@transaction.atomic
def booking_create(
    *,
    by: Person,
    resource: Resource,
    organization: Organization,
    start: datetime,
    end: datetime,
    title: str = "",
    now: datetime | None = None,
) -> Booking:
    """Book a resource for the person's company; raises ValidationError naming the
    rule that refuses it (docs/place.md)."""
    resource = _locked_resource(resource)
    rule = _rule(resource)
    booking = _create_one(
        by=by,
        resource=resource,
        rule=rule,
        organization=organization,
        start=start,
        end=end,
        title=title,
        now=now or timezone.now(),
    )
    audit_record(
        by=by,
        action="booking.created",
        target=booking,
        multifactory=resource.multifactory,
        organization=organization,
        changes=snapshot(booking, ["resource", "start", "end", "status", "title"]),
    )
    if booking.status == BookingStatus.PENDING:
        _notify_approvers(booking, rule)
    return booking


def _check_changeable(booking: Booking, rule: BookingRule, now: datetime, mandate):
    if booking.status not in HOLDING:
        raise ValidationError(ALREADY_CANCELLED, code="already_cancelled")
    if booking.start <= now:
        raise ValidationError(ALREADY_STARTED, code="already_started")
    # The deadline binds the company; the approving mandate may still act.
    if mandate is None and booking.start - now < timedelta(hours=rule.cancel_hours):
        raise ValidationError(
            CANCEL_TOO_LATE, code="cancel_too_late", params={"hours": rule.cancel_hours}
        )


@transaction.atomic
def booking_move(
    *,
    by: Person,
    booking: Booking,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
) -> Booking:
    """Move a booking to new times; the same rules apply as for a new one."""
    now = now or timezone.now()
    start, end = rules.as_utc(start), rules.as_utc(end)
    resource = _locked_resource(booking.resource)
    rule = _rule(resource)
    booking.resource = resource
    mandate = access.booking_write_authority(by, booking)
    _check_changeable(booking, rule, now, mandate)
    rules.booking_check(
        resource=resource,
        rule=rule,
        organization=booking.organization,
        by=by if mandate is None else booking.booked_by,
        start=start,
        end=end,
        now=now,
        exclude_id=booking.pk,
    )
    before = snapshot(booking, ["start", "end", "status"])
    booking.start, booking.end = start, end
    booking.blocked_until = end + timedelta(minutes=rule.buffer_minutes)
    if rule.approval_required and mandate is None:
        booking.status = BookingStatus.PENDING
    _write_booking(
        booking, update_fields=["start", "end", "blocked_until", "status", "updated_at"]
    )
    audit_record(
        by=by,
        action="booking.moved",
        target=booking,
        multifactory=booking.multifactory,
        organization=booking.organization,
        mandate=mandate,
        changes=diff(before, snapshot(booking, ["start", "end", "status"])),
    )
    if booking.status == BookingStatus.PENDING:
        _notify_approvers(booking, rule)
    return booking


def _cancel(booking: Booking, by: Person, now: datetime) -> None:
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = by
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "updated_at"])


@transaction.atomic
def booking_cancel(
    *, by: Person, booking: Booking, now: datetime | None = None
) -> Booking:
    """Cancel one booking (also one occurrence of a series); its time becomes free."""
    now = now or timezone.now()
    mandate = access.booking_write_authority(by, booking)
    _check_changeable(booking, booking.resource.rule, now, mandate)
    _cancel(booking, by, now)
    audit_record(
        by=by,
        action="booking.cancelled",
        target=booking,
        multifactory=booking.multifactory,
        organization=booking.organization,
        mandate=mandate,
        changes={"status": [BookingStatus.CONFIRMED, BookingStatus.CANCELLED]},
    )
    if mandate is not None:
        notify(
            people=[booking.booked_by],
            kind="booking_cancelled",
            multifactory=booking.multifactory,
            title=_("Your booking of %(resource)s was cancelled by %(person)s")
            % {"resource": booking.resource, "person": by},
            url=reverse("place:my_bookings", kwargs={"mf": booking.multifactory.slug}),
        )
    return booking


def _decide(by: Person, booking: Booking, status: str, action: str) -> Booking:
    rule = booking.resource.rule
    mandate = mandate_require(by, booking.multifactory, rule.approver)
    if booking.status != BookingStatus.PENDING:
        raise ValidationError(NOT_PENDING, code="not_pending")
    booking.status = status
    booking.decided_by = by
    booking.save(update_fields=["status", "decided_by", "updated_at"])
    audit_record(
        by=by,
        action=action,
        target=booking,
        multifactory=booking.multifactory,
        organization=booking.organization,
        mandate=mandate,
        changes={"status": [BookingStatus.PENDING, status]},
    )
    notify(
        people=[booking.booked_by],
        kind="booking_decided",
        multifactory=booking.multifactory,
        title=_("Your booking of %(resource)s: %(status)s")
        % {"resource": booking.resource, "status": booking.get_status_display()},
        url=reverse("place:my_bookings", kwargs={"mf": booking.multifactory.slug}),
    )
    return booking


@transaction.atomic
def booking_approve(*, by: Person, booking: Booking) -> Booking:
    return _decide(by, booking, BookingStatus.CONFIRMED, "booking.approved")


@transaction.atomic
def booking_reject(*, by: Person, booking: Booking) -> Booking:
    return _decide(by, booking, BookingStatus.REJECTED, "booking.rejected")


# Recurring series ------------------------------------------------------------------


@transaction.atomic
def booking_series_create(
    *,
    by: Person,
    resource: Resource,
    organization: Organization,
    start: datetime,
    end: datetime,
    frequency: str,
    interval: int = 1,
    count: int | None = None,
    until: date | None = None,
    skip: Iterable[date] = (),
    title: str = "",
    now: datetime | None = None,
) -> BookingSeries:
    """Book a recurring slot: daily, weekly, monthly on the same date or on the same
    weekday ("the first Sunday"), without the days in `skip`. Every occurrence is
    checked; if one is refused, nothing is booked and the message names the
    occurrence and the rule."""
    now = now or timezone.now()
    resource = _locked_resource(resource)
    rule = _rule(resource)
    zone = resource.multifactory.zone
    skip = sorted(set(skip))
    rrule = recurrence.build_rule(
        frequency=frequency,
        first_start=start,
        zone=zone,
        interval=interval,
        count=count,
        until=until,
        limit=MAX_OCCURRENCES,
    )
    times = recurrence.occurrences(
        rrule,
        first_start=start,
        first_end=end,
        zone=zone,
        skip=skip,
        limit=MAX_OCCURRENCES,
    )
    series = BookingSeries(
        multifactory=resource.multifactory,
        resource=resource,
        organization=organization,
        booked_by=by,
        rule=rrule,
        starts_at=start,
        ends_at=end,
        skipped_days=[day.isoformat() for day in skip],
        title=title,
    )
    save_validated(series)
    for occurrence_start, occurrence_end in times:
        try:
            _create_one(
                by=by,
                resource=resource,
                rule=rule,
                organization=organization,
                start=occurrence_start,
                end=occurrence_end,
                title=title,
                now=now,
                series=series,
            )
        except ValidationError as error:
            raise ValidationError(
                SERIES_OCCURRENCE_REFUSED,
                code=error.error_list[0].code,
                params={
                    "day": rules.local_text(occurrence_start, zone),
                    "reason": " ".join(error.messages),
                },
            ) from error
    audit_record(
        by=by,
        action="booking_series.created",
        target=series,
        multifactory=resource.multifactory,
        organization=organization,
        changes=snapshot(
            series,
            ["resource", "frequency", "interval", "count", "until", "skipped_days"],
        )
        | {"occurrences": len(times)},
    )
    if rule.approval_required:
        _notify_approvers(series.occurrences.first(), rule)
    return series


@transaction.atomic
def booking_series_cancel(
    *, by: Person, series: BookingSeries, now: datetime | None = None
) -> int:
    """Cancel every occurrence that has not started; returns how many were cancelled."""
    now = now or timezone.now()
    if not acts_for(by, series.organization):
        raise PermissionDenied(access.NOT_YOUR_BOOKING)
    occurrences = list(
        series.occurrences.filter(status__in=HOLDING, start__gt=now).select_related(
            "resource"
        )
    )
    for booking in occurrences:
        _cancel(booking, by, now)
    series.cancelled_at = now
    series.save(update_fields=["cancelled_at", "updated_at"])
    audit_record(
        by=by,
        action="booking_series.cancelled",
        target=series,
        multifactory=series.multifactory,
        organization=series.organization,
        changes={"occurrences_cancelled": len(occurrences)},
    )
    return len(occurrences)


# Qualifications --------------------------------------------------------------------


@transaction.atomic
def qualification_grant(
    *,
    by: Person,
    person: Person,
    equipment_type: EquipmentType,
    granted_on: date | None = None,
    expires_on: date | None = None,
    lapse_months: int | None = None,
) -> Qualification:
    """A trainer certifies a person for an equipment type."""
    multifactory = equipment_type.multifactory
    mandate = mandate_require(by, multifactory, MandateKind.TRAINER)
    if (
        mandate.kind == MandateKind.TRAINER
        and mandate.scope
        and equipment_type.name.lower() not in mandate.scope.lower()
    ):
        raise PermissionDenied(
            TRAINER_SCOPE % {"scope": mandate.scope, "type": equipment_type.name}
        )
    if not is_member_of(person, multifactory):
        raise ValidationError({"person": QUALIFIED_NOT_MEMBER})
    qualification = Qualification(
        multifactory=multifactory,
        person=person,
        equipment_type=equipment_type,
        granted_by=by,
        mandate=mandate,
        granted_on=granted_on or timezone.localdate(timezone=multifactory.zone),
        expires_on=expires_on,
        lapse_months=lapse_months,
    )
    save_validated(qualification)
    audit_record(
        by=by,
        action="qualification.granted",
        target=qualification,
        multifactory=multifactory,
        mandate=mandate,
        changes=snapshot(
            qualification,
            ["person", "equipment_type", "granted_on", "expires_on", "lapse_months"],
        ),
    )
    return qualification


@transaction.atomic
def qualification_revoke(*, by: Person, qualification: Qualification) -> Qualification:
    mandate = mandate_require(by, qualification.multifactory, MandateKind.TRAINER)
    equipment_type = qualification.equipment_type
    if (
        mandate.kind == MandateKind.TRAINER
        and mandate.scope
        and equipment_type.name.lower() not in mandate.scope.lower()
    ):
        raise PermissionDenied(
            TRAINER_SCOPE % {"scope": mandate.scope, "type": equipment_type.name}
        )
    if qualification.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED)
    qualification.revoked_at = timezone.now()
    qualification.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        by=by,
        action="qualification.revoked",
        target=qualification,
        multifactory=qualification.multifactory,
        mandate=mandate,
    )
    return qualification


# Calendar feeds --------------------------------------------------------------------


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_rotate(
    *,
    by: Person,
    multifactory: Multifactory,
    scope: str,
    resource: Resource | None = None,
    organization: Organization | None = None,
) -> tuple[CalendarFeed, str]:
    """Create the secret feed address, or replace it so the old one stops working.

    Returns the feed and its token, which is shown once and never stored.
    """
    access.member_require(by, multifactory)
    if scope == FeedScope.RESOURCE:
        if resource is None or resource.multifactory_id != multifactory.pk:
            raise ValidationError(FEED_TARGET)
        organization = None
    elif scope == FeedScope.ORGANIZATION:
        if organization is None or not acts_for(by, organization):
            raise ValidationError(FEED_TARGET)
        resource = None
    elif scope == FeedScope.PERSON:
        resource = organization = None
    else:
        raise ValidationError(FEED_TARGET)
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        multifactory=multifactory,
        person=by,
        scope=scope,
        resource=resource,
        organization=organization,
        defaults={"token_hash": feed_token_hash(token)},
    )
    if not created:
        feed.token_hash = feed_token_hash(token)
        feed.save(update_fields=["token_hash", "updated_at"])
    audit_record(
        by=by,
        action="calendar_feed.created" if created else "calendar_feed.rotated",
        target=feed,
        multifactory=multifactory,
        organization=organization,
    )
    return feed, token
