"""Doors and keys: doors, keys and badges and their handovers, access policies, door
controllers and the access log.

Moved from the place app (issue 8): the tables keep their names (`place_door`, …), so
no row moved; see docs/place.md.
"""

from django.conf import settings
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import (
    Multifactory,
    Organization,
    slug_validator,
)
from multifactory.core.models import TimeStamped
from multifactory.place.models import MINUTES_IN_DAY, Resource


class Door(TimeStamped):
    """A door with a controller (or a lock a key opens), possibly of a resource."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="doors"
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("code"), max_length=60, validators=[slug_validator])
    resource = models.ForeignKey(
        Resource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="doors",
        verbose_name=_("opens"),
    )

    class Meta:
        db_table = "place_door"  # kept from the place app
        verbose_name = _("door")
        verbose_name_plural = _("doors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["multifactory", "slug"], name="place_door_slug_per_mf"
            )
        ]

    def __str__(self) -> str:
        return self.name


class KeyKind(models.TextChoices):
    KEY = "key", _("Key")
    BADGE = "badge", _("Badge")


class KeyStatus(models.TextChoices):
    ACTIVE = "active", _("In use")
    LOST = "lost", _("Lost")
    RETIRED = "retired", _("Retired")


class Key(TimeStamped):
    """A physical key or a badge of the register."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="keys"
    )
    kind = models.CharField(_("kind"), max_length=6, choices=KeyKind.choices)
    label = models.CharField(_("label"), max_length=100)
    code = models.CharField(
        _("number or badge code"),
        max_length=64,
        help_text=_("The number stamped on the key, or the badge's code."),
    )
    doors = models.ManyToManyField(Door, blank=True, related_name="keys")
    deposit = models.PositiveIntegerField(
        _("deposit (minor units)"), default=0, help_text=_("In minor units.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=KeyStatus.choices, default=KeyStatus.ACTIVE
    )

    class Meta:
        db_table = "place_key"  # kept from the place app
        verbose_name = _("key or badge")
        verbose_name_plural = _("keys and badges")
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["multifactory", "code"],
                name="place_key_code_per_mf",
                violation_error_message=_("Another key or badge has this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"


class KeyHandover(TimeStamped):
    """A key or badge handed to a person (of a company), and its return."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="key_handovers"
    )
    key = models.ForeignKey(Key, on_delete=models.CASCADE, related_name="handovers")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="key_handovers",
        verbose_name=_("holder"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="key_handovers",
        verbose_name=_("company"),
    )
    issued_on = models.DateField(_("issued on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    deposit_paid = models.PositiveIntegerField(
        _("deposit paid (minor units)"), default=0
    )
    deposit_returned = models.PositiveIntegerField(
        _("deposit given back (minor units)"), default=0
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )

    class Meta:
        db_table = "place_keyhandover"  # kept from the place app
        verbose_name = _("key handover")
        verbose_name_plural = _("key handovers")
        ordering = ["-issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(returned_on__isnull=True),
                name="place_key_one_holder",
                violation_error_message=_("This key is already handed out."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.holder}"


class AccessPolicy(TimeStamped):
    """Who may open which door when. Empty door = every door; empty company and
    person = every person of an active member company."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="access_policies"
    )
    name = models.CharField(_("name"), max_length=120)
    door = models.ForeignKey(
        Door, on_delete=models.CASCADE, null=True, blank=True, related_name="policies"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_policies",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_policies",
    )
    weekdays = models.CharField(
        _("weekdays"),
        max_length=7,
        default="0123456",
        validators=[
            RegexValidator(r"^[0-6]{1,7}$", _("Weekdays as digits, 0 = Monday."))
        ],
    )
    opens_minute = models.PositiveIntegerField(
        _("from (minutes after midnight)"),
        default=0,
        validators=[MaxValueValidator(MINUTES_IN_DAY - 1)],
    )
    closes_minute = models.PositiveIntegerField(
        _("until (minutes after midnight)"),
        default=MINUTES_IN_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(MINUTES_IN_DAY)],
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        db_table = "place_accesspolicy"  # kept from the place app
        verbose_name = _("access policy")
        verbose_name_plural = _("access policies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_minute__lt=F("closes_minute")),
                name="place_access_policy_hours",
                violation_error_message=_("Access must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class DoorController(TimeStamped):
    """A device at a door that asks the server whether a badge may open it."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="door_controllers"
    )
    name = models.CharField(_("name"), max_length=100)
    doors = models.ManyToManyField(Door, related_name="controllers")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        db_table = "place_doorcontroller"  # kept from the place app
        verbose_name = _("door controller")
        verbose_name_plural = _("door controllers")

    def __str__(self) -> str:
        return self.name


class AccessCheck(models.Model):
    """The log of every access check a door controller made."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="access_checks"
    )
    controller = models.ForeignKey(
        DoorController, on_delete=models.CASCADE, related_name="checks"
    )
    door = models.ForeignKey(
        Door, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    door_code = models.CharField(_("door"), max_length=60)
    badge_code = models.CharField(_("badge"), max_length=64)
    key = models.ForeignKey(
        Key, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    allowed = models.BooleanField(_("allowed"))
    reason = models.CharField(_("reason"), max_length=40)

    class Meta:
        db_table = "place_accesscheck"  # kept from the place app
        verbose_name = _("access check")
        verbose_name_plural = _("access checks")
        ordering = ["-at"]
        indexes = [models.Index(fields=["multifactory", "-at"])]

    def __str__(self) -> str:
        return f"{self.badge_code} @ {self.door_code}: {self.allowed}"
