"""Pages of the place: parse → access → one service or selector → render."""

import re
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multifactory.community import access as community_access
from multifactory.community.models import (
    ACTIVE_STATUSES,
    MandateKind,
    Organization,
    Person,
)
from multifactory.core.forms import apply_service_errors
from multifactory.core.inputs import DAY_OUT_OF_RANGE, day_in_range, row_id
from multifactory.place import access, ical, rules, selectors, services
from multifactory.place.forms import (
    AssignmentEndForm,
    AvailabilityForm,
    BookingForm,
    EquipmentTypeForm,
    PeriodForm,
    QualificationForm,
    ResourceForm,
    RuleForm,
    opening_lines,
)
from multifactory.place.models import (
    BookingRule,
    CalendarFeed,
    EquipmentType,
    FeedScope,
    Resource,
    UnitAssignment,
)
from multifactory.place.web import (
    active_companies,
    form_status,
    is_keeper,
    keeper_multifactory,
    member_multifactory,
    saved,
)

MoveForm = PeriodForm


def _day(request, multifactory) -> date:
    """The day whose week to show: `?week=YYYY-MM-DD`, else today. A well-formed
    date the calendar cannot reach (year 1, 9999) is not found rather than an
    overflow."""
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        return timezone.localdate(timezone=multifactory.zone)
    if not day_in_range(day):
        raise Http404(DAY_OUT_OF_RANGE)
    return day


def _my_companies(person, multifactory):
    """The companies `person` acts for here (community.access.acts_for)."""
    return Organization.objects.filter(
        multifactory=multifactory,
        memberships__person=person,
        status__in=ACTIVE_STATUSES,
    ).order_by("name")


@login_required
def resource_list(request, mf):
    multifactory = member_multifactory(request, mf)
    kind = request.GET.get("kind", "")
    resources = selectors.resource_list(multifactory=multifactory, kind=kind)
    return render(
        request,
        "place/resource_list.html",
        {"multifactory": multifactory, "resources": resources, "kind": kind},
    )


@login_required
def resource_detail(request, mf, slug):
    multifactory = member_multifactory(request, mf)
    resource = access.resource_get_for_member(request.user, multifactory, slug)
    return render(
        request,
        "place/resource_detail.html",
        {
            "multifactory": multifactory,
            "resource": resource,
            "rule": resource.rule,
            "opening": rules.opening_text(resource.rule),
            "is_keeper": is_keeper(request.user, multifactory),
            "equipment": selectors.resource_list(multifactory=multifactory).filter(
                located_in=resource
            ),
        },
    )


@login_required
def week(request, mf, slug):
    """The week calendar of one resource, with a form to book a slot."""
    multifactory = member_multifactory(request, mf)
    resource = access.resource_get_for_member(request.user, multifactory, slug)
    zone = multifactory.zone
    companies = _my_companies(request.user, multifactory)
    if request.method == "POST":
        form = BookingForm(request.POST, zone=zone, companies=companies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["repeat"]:
                    series = services.booking_series_create(
                        by=request.user,
                        resource=resource,
                        organization=data["organization"],
                        start=data["start"],
                        end=data["end"],
                        title=data["title"],
                        frequency=data["repeat"],
                        count=data["count"],
                        until=data["until"],
                        skip=data["skip"],
                    )
                    booking = series.occurrences.order_by("start").first()
                else:
                    booking = services.booking_create(
                        by=request.user,
                        resource=resource,
                        organization=data["organization"],
                        start=data["start"],
                        end=data["end"],
                        title=data["title"],
                    )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Booked %(resource)s: %(when)s.")
                    % {
                        "resource": resource.name,
                        "when": rules.local_text(booking.start, zone),
                    },
                )
                return redirect(
                    f"{request.path}?week={booking.start.astimezone(zone).date()}"
                )
        day = form.cleaned_data.get("day") or _day(request, multifactory)
        status = 400
    else:
        day = _day(request, multifactory)
        initial = {"day": request.GET.get("day") or day}
        start = request.GET.get("start", "")
        if re.fullmatch(r"[0-9]{2}:[0-9]{2}", start):
            initial["start_time"] = start
            initial["end_time"] = f"{(int(start[:2]) + 1) % 24:02d}:{start[3:]}"
        form = BookingForm(initial=initial, zone=zone, companies=companies)
        status = 200
    calendar = selectors.resource_week(
        resource=resource, day=day, now=timezone.now(), zone=zone
    )
    return render(
        request,
        "place/week.html",
        {
            "multifactory": multifactory,
            "resource": resource,
            "calendar": calendar,
            "form": form,
            "zone": zone,
        },
        status=status,
    )


@login_required
def week_all(request, mf):
    multifactory = member_multifactory(request, mf)
    days, rows, previous, following = selectors.all_resources_week(
        multifactory=multifactory,
        day=_day(request, multifactory),
        zone=multifactory.zone,
    )
    return render(
        request,
        "place/week_all.html",
        {
            "multifactory": multifactory,
            "days": days,
            "rows": rows,
            "previous": previous,
            "next": following,
            "zone": multifactory.zone,
        },
    )


@login_required
def my_bookings(request, mf):
    multifactory = member_multifactory(request, mf)
    bookings = selectors.my_bookings(
        person=request.user, multifactory=multifactory, since=timezone.now()
    )
    approver_kinds = [
        kind
        for kind in ("keys_keeper", "trainer", "facilitator")
        if community_access.active_mandate(request.user, multifactory, kind)
    ]
    return render(
        request,
        "place/my_bookings.html",
        {
            "multifactory": multifactory,
            "bookings": bookings,
            "pending": selectors.pending_bookings(
                multifactory=multifactory, approver_kinds=approver_kinds
            )
            if approver_kinds
            else [],
            "zone": multifactory.zone,
        },
    )


@login_required
@require_POST
def booking_cancel(request, mf, pk):
    multifactory = member_multifactory(request, mf)
    booking = access.booking_get_for_person(request.user, multifactory, pk, write=True)
    try:
        services.booking_cancel(by=request.user, booking=booking)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Cancelled: %(resource)s.") % {"resource": booking.resource}
        )
    return redirect("place:my_bookings", mf=multifactory.slug)


@login_required
@require_POST
def booking_decide(request, mf, pk):
    multifactory = member_multifactory(request, mf)
    booking = access.booking_get_for_person(request.user, multifactory, pk)
    decide = (
        services.booking_approve
        if request.POST.get("decision") == "approve"
        else services.booking_reject
    )
    try:
        decide(by=request.user, booking=booking)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("place:my_bookings", mf=multifactory.slug)


@login_required
def availability(request, mf):
    """Find a resource free and open for a period, e.g. a room for 8 tomorrow."""
    multifactory = member_multifactory(request, mf)
    zone = multifactory.zone
    form = AvailabilityForm(request.GET or None, zone=zone)
    results = None
    if form.is_valid():
        data = form.cleaned_data
        if data["end"] <= data["start"]:
            form.add_error("end_time", rules.END_BEFORE_START)
        else:
            results = selectors.available_resources(
                multifactory=multifactory,
                start=data["start"],
                end=data["end"],
                capacity=data["capacity"],
                kind=data["kind"],
                category=data["category"],
            )
    return render(
        request,
        "place/availability.html",
        {"multifactory": multifactory, "form": form, "results": results},
    )


@login_required
def units(request, mf):
    multifactory = member_multifactory(request, mf)
    today = timezone.localdate(timezone=multifactory.zone)
    rows, occupancy = selectors.units_with_holders(multifactory=multifactory, on=today)
    first = today.replace(day=1)
    months = []
    for _n in range(12):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    history = selectors.occupancy_history(
        multifactory=multifactory, months=list(reversed(months))
    )
    return render(
        request,
        "place/units.html",
        {
            "multifactory": multifactory,
            "rows": rows,
            "occupancy": occupancy,
            "history": history,
            "is_keeper": is_keeper(request.user, multifactory),
        },
    )


@login_required
def feeds(request, mf):
    """My secret calendar addresses; creating or rotating one shows it once."""
    multifactory = member_multifactory(request, mf)
    new_url = None
    if request.method == "POST":
        scope = request.POST.get("scope", "")
        resource = organization = None
        if scope == FeedScope.RESOURCE:
            resource = Resource.objects.filter(
                multifactory=multifactory, pk=row_id(request.POST.get("resource"))
            ).first()
        elif scope == FeedScope.ORGANIZATION:
            organization = (
                _my_companies(request.user, multifactory)
                .filter(pk=row_id(request.POST.get("organization")))
                .first()
            )
        try:
            _feed, token = services.calendar_feed_rotate(
                by=request.user,
                multifactory=multifactory,
                scope=scope,
                resource=resource,
                organization=organization,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            new_url = request.build_absolute_uri(
                reverse("place:ical", kwargs={"token": token})
            )
    return render(
        request,
        "place/feeds.html",
        {
            "multifactory": multifactory,
            "feeds": selectors.feeds_of(person=request.user, multifactory=multifactory),
            "new_url": new_url,
            "resources": selectors.resource_list(multifactory=multifactory),
            "companies": _my_companies(request.user, multifactory),
        },
    )


def ical_feed(request, token):
    """A calendar client reads this without logging in: the token is the secret."""
    feed = (
        CalendarFeed.objects.select_related(
            "multifactory", "resource", "organization", "person"
        )
        .filter(token_hash=services.feed_token_hash(token))
        .first()
    )
    # A feed stops when its person is no longer a member of the multifactory (or
    # no longer acts for the company whose bookings it shows).
    if (
        feed is None
        or not community_access.is_member_of(feed.person, feed.multifactory)
        or (
            feed.organization is not None
            and not community_access.acts_for(feed.person, feed.organization)
        )
    ):
        raise Http404
    target = feed.resource or feed.organization or feed.multifactory
    body = ical.calendar_for(
        selectors.feed_bookings(feed, since=timezone.now() - timedelta(days=90)),
        name=f"{feed.multifactory.name} — {target}",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bookings.ics"'
    return response


@login_required
def booking_move(request, mf, pk):
    """Move a booking of my company to another time of the same resource."""
    multifactory = member_multifactory(request, mf)
    booking = access.booking_get_for_person(request.user, multifactory, pk, write=True)
    zone = multifactory.zone
    local_start, local_end = (
        booking.start.astimezone(zone),
        booking.end.astimezone(zone),
    )
    form = MoveForm(
        request.POST or None,
        zone=zone,
        initial={
            "day": local_start.date(),
            "start_time": local_start.strftime("%H:%M"),
            "end_time": local_end.strftime("%H:%M"),
        },
    )
    if saved(
        request,
        form,
        lambda data: services.booking_move(
            by=request.user, booking=booking, start=data["start"], end=data["end"]
        ),
    ):
        messages.success(
            request,
            _("Moved %(resource)s to %(when)s.")
            % {
                "resource": booking.resource.name,
                "when": rules.local_text(booking.start, zone),
            },
        )
        return redirect("place:my_bookings", mf=multifactory.slug)
    return render(
        request,
        "place/booking_move.html",
        {"multifactory": multifactory, "booking": booking, "form": form, "zone": zone},
        status=form_status(request),
    )


@login_required
def qualifications(request, mf):
    """My qualifications; a trainer also grants new ones here."""
    multifactory = member_multifactory(request, mf)
    trainer = community_access.active_mandate(
        request.user, multifactory, MandateKind.TRAINER
    )
    form = None
    if trainer is not None:
        form = QualificationForm(
            request.POST or None,
            people=Person.objects.filter(memberships__multifactory=multifactory)
            .distinct()
            .order_by("full_name"),
            equipment_types=EquipmentType.objects.filter(multifactory=multifactory),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.qualification_grant(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            except PermissionDenied as error:  # a trainer of another equipment type
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The qualification is recorded."))
                return redirect("place:qualifications", mf=multifactory.slug)
    elif request.method == "POST":
        raise PermissionDenied(services.NO_TRAINER)
    today = timezone.localdate(timezone=multifactory.zone)
    return render(
        request,
        "place/qualifications.html",
        {
            "multifactory": multifactory,
            "form": form,
            "is_trainer": trainer is not None,
            "rows": [
                (q, rules.qualification_is_valid(q, today))
                for q in selectors.qualifications(
                    multifactory=multifactory,
                    person=None if trainer else request.user,
                )
            ],
        },
    )


@login_required
def rule_edit(request, mf, slug):
    """The keys keeper changes the booking rules of a resource."""
    multifactory = member_multifactory(request, mf)
    resource = access.resource_get_for_member(request.user, multifactory, slug)
    access.place_mandate_require(request.user, multifactory)
    rule = resource.rule
    form = RuleForm(
        request.POST or None,
        instance=BookingRule.objects.get(pk=rule.pk),
        initial={"opening": opening_lines(rule)},
    )
    if saved(
        request,
        form,
        lambda data: services.booking_rule_update(
            by=request.user,
            resource=resource,
            opening_hours=data["opening"],
            **{name: data[name] for name in RuleForm.Meta.fields},
        ),
    ):
        messages.success(request, _("The rules are saved."))
        return redirect(resource.get_absolute_url())
    return render(
        request,
        "place/rule_edit.html",
        {"multifactory": multifactory, "resource": resource, "form": form},
        status=form_status(request),
    )


# Managing the place: equipment types, resources, doors, keys, policies, controllers --


@login_required
def equipment_types(request, mf):
    """Equipment types: the keys keeper adds them; qualifications are per type."""
    multifactory = keeper_multifactory(request, mf)
    form = EquipmentTypeForm(request.POST or None)
    if saved(
        request,
        form,
        lambda data: services.equipment_type_create(
            by=request.user, multifactory=multifactory, **data
        ),
    ):
        messages.success(request, _("The equipment type is added."))
        return redirect("place:equipment_types", mf=multifactory.slug)
    return render(
        request,
        "place/equipment_types.html",
        {
            "multifactory": multifactory,
            "form": form,
            "types": EquipmentType.objects.filter(multifactory=multifactory),
        },
        status=form_status(request),
    )


@login_required
def equipment_type_edit(request, mf, pk):
    multifactory = keeper_multifactory(request, mf)
    equipment_type = get_object_or_404(EquipmentType, multifactory=multifactory, pk=pk)
    form = EquipmentTypeForm(
        request.POST or None,
        initial={
            "name": equipment_type.name,
            "requires_qualification": equipment_type.requires_qualification,
            "description": equipment_type.description,
        },
    )
    if saved(
        request,
        form,
        lambda data: services.equipment_type_update(
            by=request.user, equipment_type=equipment_type, **data
        ),
    ):
        messages.success(request, _("The equipment type is saved."))
        return redirect("place:equipment_types", mf=multifactory.slug)
    return render(
        request,
        "place/equipment_type_edit.html",
        {"multifactory": multifactory, "form": form, "equipment_type": equipment_type},
        status=form_status(request),
    )


@login_required
def resource_edit(request, mf, slug):
    """The keys keeper changes a resource: status, cost; for equipment its type,
    location and lender."""
    multifactory = member_multifactory(request, mf)
    resource = access.resource_get_for_member(request.user, multifactory, slug)
    access.place_mandate_require(request.user, multifactory)
    form = ResourceForm(
        request.POST or None,
        resource=resource,
        equipment_types=EquipmentType.objects.filter(multifactory=multifactory),
        spaces=selectors.resource_list(multifactory=multifactory, kind="space"),
        companies=active_companies(multifactory),
        currency=multifactory.currency,
        initial={
            "name": resource.name,
            "description": resource.description,
            "status": resource.status,
            "capacity": resource.capacity,
            "hourly_cost": resource.hourly_cost,
            "equipment_type": resource.equipment_type_id,
            "located_in": resource.located_in_id,
            "lent_by": resource.lent_by_id,
        },
    )
    if saved(
        request,
        form,
        lambda data: services.resource_update(
            by=request.user, resource=resource, **data
        ),
    ):
        messages.success(request, _("The resource is saved."))
        return redirect(resource.get_absolute_url())
    return render(
        request,
        "place/resource_edit.html",
        {"multifactory": multifactory, "resource": resource, "form": form},
        status=form_status(request),
    )


# Rotas, unit assignments, qualifications -------------------------------------------


@login_required
@require_POST
def assignment_end(request, mf, pk):
    """The keys keeper ends the assignment of a private unit on a day."""
    multifactory = keeper_multifactory(request, mf)
    assignment = get_object_or_404(
        UnitAssignment.objects.select_related("organization", "unit"),
        multifactory=multifactory,
        pk=pk,
    )
    form = AssignmentEndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["ends_on"])
        services.unit_assignment_end(
            by=request.user,
            assignment=assignment,
            ends_on=form.cleaned_data["ends_on"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(unit)s: the assignment to %(company)s ends on %(day)s.")
            % {
                "unit": assignment.unit.name,
                "company": assignment.organization.name,
                "day": assignment.ends_on.isoformat(),
            },
        )
    return redirect("place:units", mf=multifactory.slug)


@login_required
@require_POST
def qualification_revoke(request, mf, pk):
    """A trainer revokes a qualification."""
    multifactory = member_multifactory(request, mf)
    qualification = get_object_or_404(
        selectors.qualifications(multifactory=multifactory), pk=pk
    )
    try:
        services.qualification_revoke(by=request.user, qualification=qualification)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The qualification is revoked."))
    return redirect("place:qualifications", mf=multifactory.slug)
