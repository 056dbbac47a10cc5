"""The place: private units, common spaces, shared equipment and their bookings.

Everything bookable is a `Resource`; its booking rules are data (`BookingRule`,
`OpeningHours`). The rules are checked in `place.rules`; overlaps are finally refused
by the database (see migration 0002 and docs/place.md).
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import (
    MandateKind,
    Multifactory,
    Organization,
    slug_validator,
)
from multifactory.core import recurrence
from multifactory.core.models import TimeStamped
from multifactory.core.recurrence import Frequency

# The longest a booking may last (rules cannot allow more). Bounding it lets the
# availability query scan one short index range: a booking that overlaps a window
# must start at most this long before the window opens.
MAX_BOOKING_SPAN = timedelta(days=14)
MAX_BUFFER_MINUTES = 24 * 60
MINUTES_IN_DAY = 24 * 60


class ResourceKind(models.TextChoices):
    UNIT = "unit", _("Private unit")
    SPACE = "space", _("Common space")
    EQUIPMENT = "equipment", _("Equipment")


class Category(models.TextChoices):
    """What a resource is for; usage and costs can be shared per category."""

    UNIT = "unit", _("Private unit")
    KITCHEN = "kitchen", _("Kitchen")
    MEETING_ROOM = "meeting_room", _("Meeting room")
    WORKSHOP = "workshop", _("Workshop")
    GARDEN = "garden", _("Garden")
    SHOWROOM = "showroom", _("Showroom")
    STORAGE = "storage", _("Storage")
    MACHINE = "machine", _("Machine")
    TOOL = "tool", _("Tool")
    VEHICLE = "vehicle", _("Vehicle")
    OTHER = "other", _("Other")


class ResourceStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    OUT_OF_ORDER = "out_of_order", _("Out of order")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EquipmentType(TimeStamped):
    """A type of equipment (laser cutter, overhead crane…); qualifications are per type."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="equipment_types"
    )
    name = models.CharField(_("name"), max_length=100)
    requires_qualification = models.BooleanField(
        _("needs a qualification"),
        default=False,
        help_text=_("Only qualified people may book equipment of this type."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("equipment type")
        verbose_name_plural = _("equipment types")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["multifactory", "name"],
                name="place_equipment_type_name_per_mf",
                violation_error_message=_("This equipment type already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Resource(TimeStamped):
    """Something a member company can book: a private unit, a common space, equipment.

    One table gives bookings, calendars, feeds and usage one foreign key; the
    kind-specific fields are kept where they belong by check constraints.
    """

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="resources"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("short name in addresses"), max_length=80, validators=[slug_validator]
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity (people)"), null=True, blank=True
    )
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    equipment_type = models.ForeignKey(
        EquipmentType,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("equipment type"),
    )
    located_in = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="equipment",
        verbose_name=_("located in"),
    )
    lent_by = models.ForeignKey(
        Organization,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="lent_resources",
        verbose_name=_("lent by"),
        help_text=_("Empty when the equipment is owned in common."),
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=ResourceStatus.choices,
        default=ResourceStatus.AVAILABLE,
    )
    hourly_cost = models.PositiveIntegerField(
        _("hourly cost (minor units)"),
        default=0,
        help_text=_("In minor units of the multifactory's currency; 0 = free."),
    )

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["multifactory", "slug"],
                name="place_resource_slug_per_mf",
                violation_error_message=_(
                    "Another resource of this multifactory already uses this address."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="unit") | Q(area_m2__isnull=False),
                name="place_unit_has_area",
                violation_error_message=_("A private unit needs its area in m²."),
            ),
            models.CheckConstraint(
                condition=Q(kind="equipment")
                | Q(
                    equipment_type__isnull=True,
                    lent_by__isnull=True,
                    located_in__isnull=True,
                ),
                name="place_only_equipment_has_equipment_fields",
                violation_error_message=_(
                    "Only equipment has a type, a lender and a location."
                ),
            ),
        ]
        indexes = [models.Index(fields=["multifactory", "kind", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "place:resource", kwargs={"mf": self.multifactory.slug, "slug": self.slug}
        )

    @property
    def is_bookable(self) -> bool:
        return self.status == ResourceStatus.AVAILABLE


class UnitAssignment(TimeStamped):
    """A private unit is assigned to a member company for a period (history kept)."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="unit_assignments"
    )
    unit = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="assignments"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.RESTRICT,
        related_name="unit_assignments",
        verbose_name=_("company"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("unit assignment")
        verbose_name_plural = _("unit assignments")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="place_assignment_ends_after_start",
                violation_error_message=_("An assignment cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.organization}"


class Who(models.TextChoices):
    MEMBERS = "members", _("Every member company")
    LISTED = "listed", _("Only the listed companies")


class BookingRule(TimeStamped):
    """The rules the members adopted for booking one resource."""

    resource = models.OneToOneField(
        Resource, on_delete=models.CASCADE, related_name="rule"
    )
    slot_minutes = models.PositiveIntegerField(
        _("slot (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(MINUTES_IN_DAY)],
    )
    min_minutes = models.PositiveIntegerField(
        _("shortest booking (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    max_minutes = models.PositiveIntegerField(
        _("longest booking (minutes)"),
        default=8 * 60,
        validators=[
            MinValueValidator(5),
            MaxValueValidator(int(MAX_BOOKING_SPAN.total_seconds() // 60)),
        ],
    )
    window_days = models.PositiveIntegerField(
        _("book at most this many days ahead"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    buffer_minutes = models.PositiveIntegerField(
        _("free time after each booking (minutes)"),
        default=0,
        validators=[MaxValueValidator(MAX_BUFFER_MINUTES)],
    )
    quota_week_hours = models.PositiveIntegerField(
        _("hours per company per week"), null=True, blank=True
    )
    quota_month_hours = models.PositiveIntegerField(
        _("hours per company per month"), null=True, blank=True
    )
    approval_required = models.BooleanField(_("needs approval"), default=False)
    approver = models.CharField(
        _("approved by the holder of"),
        max_length=24,
        choices=MandateKind.choices,
        default=MandateKind.KEYS_KEEPER,
    )
    cancel_hours = models.PositiveIntegerField(
        _("cancel at least this many hours before"), default=0
    )
    who = models.CharField(
        _("who may book"), max_length=10, choices=Who.choices, default=Who.MEMBERS
    )
    allowed_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name=_("listed companies")
    )

    class Meta:
        verbose_name = _("booking rule")
        verbose_name_plural = _("booking rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_minutes__lte=F("max_minutes")),
                name="place_rule_min_le_max",
                violation_error_message=_(
                    "The shortest booking cannot be longer than the longest."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{_('Rules')}: {self.resource}"


class OpeningHours(models.Model):
    """One opening interval on one weekday, in the multifactory's time zone.

    Minutes from local midnight: 0–1440 is a 24-hour day. Several rows on one weekday
    make several intervals; a weekday without rows is closed.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    rule = models.ForeignKey(
        BookingRule, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_minute = models.PositiveIntegerField(
        _("opens (minutes after midnight)"),
        validators=[MaxValueValidator(MINUTES_IN_DAY - 1)],
    )
    closes_minute = models.PositiveIntegerField(
        _("closes (minutes after midnight)"),
        validators=[MinValueValidator(1), MaxValueValidator(MINUTES_IN_DAY)],
    )

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_minute"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_minute__lt=F("closes_minute"))
                & Q(closes_minute__lte=MINUTES_IN_DAY)
                & Q(weekday__lte=6),
                name="place_opening_hours_valid",
                violation_error_message=_("Opening hours must close after they open."),
            )
        ]

    def __str__(self) -> str:
        def hhmm(minutes: int) -> str:
            return f"{minutes // 60:02d}:{minutes % 60:02d}"

        return f"{self.get_weekday_display()} {hhmm(self.opens_minute)}–{hhmm(self.closes_minute)}"


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# Bookings in these states hold their time: the exclusion constraint covers them.
HOLDING = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class BookingSeries(TimeStamped):
    """A recurrence; its occurrences are stored as bookings that link back here.

    `rule` is an RFC 5545 RRULE (core.recurrence builds and expands it), from the
    first occurrence's local start (`starts_at`, `ends_at`), without the local days
    in `skipped_days` (its EXDATE). The same text goes to the iCal feeds.
    """

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="booking_series"
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="series"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.RESTRICT, related_name="booking_series"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    rule = models.CharField(_("repeats (RFC 5545 RRULE)"), max_length=200)
    starts_at = models.DateTimeField(_("first start"))
    ends_at = models.DateTimeField(_("first end"))
    skipped_days = models.JSONField(
        _("days left out"), default=list, blank=True, help_text=_("ISO dates.")
    )
    title = models.CharField(_("purpose"), max_length=120, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking series")
        verbose_name_plural = _("booking series")

    def __str__(self) -> str:
        return f"{self.resource} — {self.get_frequency_display()}"

    @cached_property
    def pattern(self) -> recurrence.Pattern:
        return recurrence.pattern(
            self.rule, first_start=self.starts_at, zone=self.multifactory.zone
        )

    @property
    def frequency(self) -> str:
        return self.pattern.frequency

    @property
    def interval(self) -> int:
        return self.pattern.interval

    @property
    def count(self) -> int | None:
        return self.pattern.count

    @property
    def until(self) -> date | None:
        return self.pattern.until

    @property
    def skipped(self) -> list[date]:
        return [date.fromisoformat(day) for day in self.skipped_days]

    def get_frequency_display(self) -> str:
        return str(Frequency(self.frequency).label)


class Booking(TimeStamped):
    """A member company uses a resource from `start` to `end` (UTC).

    `blocked_until` is `end` plus the rule's buffer when booked: the time no other
    booking of the resource may take. Overlaps of holding bookings are refused by an
    exclusion constraint on PostgreSQL (migration 0002).
    """

    # No single-column indexes on these three: the (…, start) indexes below serve
    # the foreign keys too, and the planner would otherwise pick the narrower one
    # and filter a resource's whole history instead of one range of it.
    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="bookings", db_index=False
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="bookings", db_index=False
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.RESTRICT,
        related_name="bookings",
        verbose_name=_("company"),
        db_index=False,
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="bookings",
        verbose_name=_("booked by"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    blocked_until = models.DateTimeField(_("blocked until"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BookingStatus.choices,
        default=BookingStatus.CONFIRMED,
    )
    series = models.ForeignKey(
        BookingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    title = models.CharField(_("purpose"), max_length=120, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")) & Q(blocked_until__gte=F("end")),
                name="place_booking_ends_after_start",
                violation_error_message=_("A booking must end after it starts."),
            )
        ]
        indexes = [
            # Availability and week calendars: one resource, a time window.
            models.Index(fields=["resource", "start"], name="place_booking_res_start"),
            models.Index(
                fields=["organization", "start"], name="place_booking_org_start"
            ),
            models.Index(
                fields=["multifactory", "start"], name="place_booking_mf_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.start:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def is_holding(self) -> bool:
        return self.status in HOLDING


class Qualification(TimeStamped):
    """A trainer certifies that a person may use equipment of a type."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="qualifications"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="qualifications",
        verbose_name=_("person"),
    )
    equipment_type = models.ForeignKey(
        EquipmentType,
        on_delete=models.CASCADE,
        related_name="qualifications",
        verbose_name=_("equipment type"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    mandate = models.ForeignKey(
        "community.Mandate", on_delete=models.RESTRICT, related_name="+"
    )
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    lapse_months = models.PositiveSmallIntegerField(
        _("lapses after this many months unused"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    last_used_on = models.DateField(_("last used on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["-granted_on"]
        indexes = [models.Index(fields=["person", "equipment_type"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.equipment_type}"


class FeedScope(models.TextChoices):
    RESOURCE = "resource", _("A resource")
    ORGANIZATION = "organization", _("My company")
    PERSON = "person", _("My own bookings")


class CalendarFeed(TimeStamped):
    """A secret iCal address. Only a hash of the token is kept; rotating replaces it."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("scope"), max_length=14, choices=FeedScope.choices)
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.get_scope_display()} — {self.person}"


# Keys, badges and door access -------------------------------------------------------


# Care of the place --------------------------------------------------------------------
