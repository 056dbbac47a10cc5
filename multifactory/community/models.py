"""The community: multifactories, member companies, people, memberships, mandates."""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from multifactory.core.models import TimeStamped

CURRENCIES = [
    ("EUR", "EUR — euro"),
    ("CHF", "CHF — Swiss franc"),
    ("GBP", "GBP — pound sterling"),
    ("USD", "USD — US dollar"),
    ("SEK", "SEK — Swedish krona"),
    ("DKK", "DKK — Danish krone"),
    ("NOK", "NOK — Norwegian krone"),
    ("PLN", "PLN — Polish złoty"),
    ("CZK", "CZK — Czech koruna"),
    ("HUF", "HUF — Hungarian forint"),
    ("RON", "RON — Romanian leu"),
    ("BGN", "BGN — Bulgarian lev"),
]

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens, e.g. r84-mantua."),
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone; use an IANA name like Europe/Rome."),
            params={"value": value},
            code="invalid_time_zone",
        )


def validate_languages(value: list) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one language."), code="no_language")
    unknown = [code for code in value if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s."),
            params={"codes": ", ".join(map(str, unknown))},
            code="unknown_language",
        )


def default_languages() -> list[str]:
    return ["en", "it"]


class Multifactory(TimeStamped):
    """A shared workplace run by its member companies; the tenant of every row."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=60,
        unique=True,
        validators=[slug_validator],
        error_messages={"unique": _("Another multifactory already uses this address.")},
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Rome",
        validators=[validate_time_zone],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCIES, default="EUR"
    )
    languages = models.JSONField(
        _("languages"), default=default_languages, validators=[validate_languages]
    )
    description = models.TextField(_("description"), blank=True)
    public_page = models.TextField(
        _("public page"),
        blank=True,
        help_text=_("Markdown shown to visitors on the multifactory's public page."),
    )
    is_public = models.BooleanField(_("listed publicly"), default=True)

    class Meta:
        verbose_name = _("multifactory")
        verbose_name_plural = _("multifactories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:multifactory", kwargs={"mf": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> datetime.date:
        """The date in this multifactory's zone: what every capability means by
        "today" (at 23:30 UTC on 31 December it is already 1 January in Rome)."""
        return timezone.localdate(timezone=self.zone)


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A person needs an e-mail address.")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class Person(AbstractBaseUser, PermissionsMixin):
    """A user account. `is_staff` marks the operator of the server, never a member."""

    email = models.EmailField(
        _("e-mail"),
        unique=True,
        error_messages={"unique": _("A person with this e-mail already exists.")},
    )
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("operator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="person_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OrganizationKind(models.TextChoices):
    SME = "sme", _("SME")
    ARTISAN = "artisan", _("Artisan")
    FREELANCER = "freelancer", _("Freelancer")
    ARTIST = "artist", _("Artist")
    NON_PROFIT = "non_profit", _("Non-profit")
    STARTUP = "startup", _("Startup")
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Association")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    """NACE Rev. 2 sections."""

    A = "A", _("A — Agriculture, forestry and fishing")
    B = "B", _("B — Mining and quarrying")
    C = "C", _("C — Manufacturing")
    D = "D", _("D — Electricity, gas, steam and air conditioning supply")
    E = "E", _("E — Water supply, sewerage, waste management")
    F = "F", _("F — Construction")
    G = "G", _("G — Wholesale and retail trade")
    H = "H", _("H — Transportation and storage")
    I = "I", _("I — Accommodation and food service")  # noqa: E741
    J = "J", _("J — Information and communication")
    K = "K", _("K — Financial and insurance activities")
    L = "L", _("L — Real estate activities")
    M = "M", _("M — Professional, scientific and technical activities")
    N = "N", _("N — Administrative and support services")
    O = "O", _("O — Public administration and defence")  # noqa: E741
    P = "P", _("P — Education")
    Q = "Q", _("Q — Human health and social work")
    R = "R", _("R — Arts, entertainment and recreation")
    S = "S", _("S — Other service activities")
    T = "T", _("T — Activities of households as employers")
    U = "U", _("U — Extraterritorial organisations")


class Stage(models.TextChoices):
    STARTING = "starting", _("Starting")
    GROWING = "growing", _("Growing")
    MATURE = "mature", _("Mature")


class OrganizationStatus(models.TextChoices):
    # "Member" is also a person's role: the context lets Italian say "Associata"
    # of a company and "Membro" of a person.
    APPLICANT = "applicant", pgettext_lazy("company status", "Applicant")
    MEMBER = "member", pgettext_lazy("company status", "Member")
    LEAVING = "leaving", pgettext_lazy("company status", "Leaving")
    FORMER = "former", pgettext_lazy("company status", "Former member")


# The companies that sit in the managing body today.
ACTIVE_STATUSES = (OrganizationStatus.MEMBER, OrganizationStatus.LEAVING)

# applicant → member → leaving → former; an applicant may also be turned away (former).
STATUS_TRANSITIONS = {
    OrganizationStatus.APPLICANT: {
        OrganizationStatus.MEMBER,
        OrganizationStatus.FORMER,
    },
    OrganizationStatus.MEMBER: {OrganizationStatus.LEAVING, OrganizationStatus.FORMER},
    OrganizationStatus.LEAVING: {OrganizationStatus.MEMBER, OrganizationStatus.FORMER},
    OrganizationStatus.FORMER: set(),
}


class Organization(TimeStamped):
    """A member company: keeps its own business and private space, shares the rest."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="organizations"
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("short name in addresses"), max_length=80, validators=[slug_validator]
    )
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    sector = models.CharField(_("sector (NACE)"), max_length=1, choices=Sector.choices)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    produces = models.CharField(_("what it produces"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Visitors can see this company in the public directory."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OrganizationStatus.choices,
        default=OrganizationStatus.APPLICANT,
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    leaving_on = models.DateField(_("leaving since"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("member company")
        verbose_name_plural = _("member companies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["multifactory", "slug"],
                name="organization_slug_per_multifactory",
                violation_error_message=_(
                    "Another company of this multifactory already uses this address."
                ),
            ),
            models.UniqueConstraint(
                "multifactory",
                Lower("name"),
                name="organization_name_per_multifactory",
                violation_error_message=_(
                    "Another company of this multifactory already has this name."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="applicant") | Q(joined_on__isnull=False),
                name="organization_member_has_join_date",
            ),
        ]
        indexes = [models.Index(fields=["multifactory", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "community:organization",
            kwargs={"mf": self.multifactory.slug, "org": self.slug},
        )

    @property
    def is_active_member(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Role(models.TextChoices):
    REPRESENTATIVE = "representative", pgettext_lazy("person's role", "Representative")
    MEMBER = "member", pgettext_lazy("person's role", "Member")


class Membership(TimeStamped):
    """A person works in a member company; representatives vote and commit it."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.MEMBER
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__name", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person"],
                name="membership_once_per_company",
                violation_error_message=_(
                    "This person already belongs to the company."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organization} ({self.get_role_display()})"


class MandateKind(models.TextChoices):
    FOUNDER = "founder", _("Founding coordinator")
    TREASURER = "treasurer", _("Treasurer")
    FACILITATOR = "facilitator", _("Facilitator")
    KEYS_KEEPER = "keys_keeper", _("Keys keeper")
    TRAINER = "trainer", _("Trainer")
    EVENTS_COORDINATOR = "events_coordinator", _("Events coordinator")
    CUSTOM = "custom", _("Other responsibility")


class MandateBasis(models.TextChoices):
    FOUNDING_ACT = "founding_act", _("Founding act")
    DECISION = "decision", _("Decision of the managing body")


def _in_force(on: datetime.date) -> Q:
    return (Q(ends_on__isnull=True) | Q(ends_on__gte=on)) & Q(
        starts_on__lte=on, revoked_at__isnull=True
    )


class MandateQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        """Mandates in force on `on`; without it, today in each mandate's own
        multifactory (its zone, not UTC: a mandate ending on 31 December still counts
        at 23:30 UTC that day, and no more at 23:30 UTC on 1 January, in Rome).
        Pass `on=multifactory.today()` when the multifactory is known."""
        if on is not None:
            return self.filter(_in_force(on))
        condition = Q(pk__in=[])
        for zone in Multifactory.objects.values_list("time_zone", flat=True).distinct():
            today = timezone.localdate(timezone=zoneinfo.ZoneInfo(zone))
            condition |= Q(multifactory__time_zone=zone) & _in_force(today)
        return self.filter(condition)


MANDATE_ALREADY_HELD = _(
    "This person already holds this mandate for this scope: revoke it, or let it "
    "end, before granting it again."
)


class Mandate(TimeStamped):
    """A responsibility the managing body gives a person, for a term and a scope.

    Every privileged action needs one (or a rule the assembly adopted) and names it in
    the audit trail. The founder mandate is held by whoever created the multifactory,
    and counts for every kind until the managing body decides otherwise.
    """

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="mandates"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="mandates"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=MandateKind.choices)
    title = models.CharField(
        _("title"),
        max_length=120,
        blank=True,
        help_text=_("Required for another responsibility, e.g. “garden keeper”."),
    )
    scope = models.CharField(
        _("scope"),
        max_length=250,
        blank=True,
        help_text=_("What it covers, e.g. “laser cutter” for a trainer."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    basis = models.CharField(
        _("granted by"), max_length=20, choices=MandateBasis.choices
    )
    decision_reference = models.CharField(
        _("decision"),
        max_length=40,
        blank=True,
        help_text=_("Number of the decision that granted it, e.g. 2026/014."),
    )
    granted_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_reason = models.CharField(_("reason"), max_length=250, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["kind", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="mandate_ends_after_start",
                violation_error_message=_("A mandate cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="custom") | ~Q(title=""),
                name="mandate_custom_has_title",
                violation_error_message=_("Give another responsibility a title."),
            ),
            # The database's last word on "one active mandate of a kind per person
            # and scope" for open-ended mandates; mandate_grant checks overlapping
            # terms under a lock.
            models.UniqueConstraint(
                fields=["multifactory", "person", "kind", "title", "scope"],
                condition=Q(revoked_at__isnull=True, ends_on__isnull=True),
                name="mandate_one_open_ended_per_person_kind_scope",
                violation_error_message=MANDATE_ALREADY_HELD,
            ),
        ]
        indexes = [models.Index(fields=["multifactory", "person", "kind"])]

    def __str__(self) -> str:
        label = self.title or self.get_kind_display()
        return f"{label} — {self.person}"

    def is_active(self, on: datetime.date | None = None) -> bool:
        today = on or self.multifactory.today()
        return (
            self.revoked_at is None
            and self.starts_on <= today
            and (self.ends_on is None or self.ends_on >= today)
        )


class Invitation(TimeStamped):
    """An e-mail link that lets a person join a member company until it expires."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="invitations"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
