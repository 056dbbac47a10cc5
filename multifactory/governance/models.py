"""The managing body's proposals, ballots, decisions, rules and charter.

The rules of the vote live in `tally.py`; here are the rows and the constraints the
database can hold (one ballot per company, decision numbers unique per multifactory,
one current value per rule).
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multifactory.core.models import TimeStamped
from multifactory.core.money import Money, money_format
from multifactory.governance import tally

THRESHOLD_INVALID = _("Write the threshold as a fraction between 0 and 1, e.g. 2/3.")
DECISION_IMMUTABLE = _(
    "A decision cannot be changed; a later decision may amend or revoke it."
)


def validate_threshold(value: str) -> None:
    try:
        tally.parse_threshold(value)
    except (ValueError, ZeroDivisionError):
        raise ValidationError(THRESHOLD_INVALID, code="threshold") from None


class Method(models.TextChoices):
    MAJORITY = tally.MAJORITY, _("Simple majority")
    QUALIFIED = tally.QUALIFIED, _("Qualified majority")
    CONSENT = tally.CONSENT, _("Consent (objections and blocks)")
    CONSENSUS = tally.CONSENSUS, _("Consensus (agree or stand aside)")
    IRV = tally.IRV, _("Ranked choice (instant runoff)")
    SCHULZE = tally.SCHULZE, _("Ranked choice (Condorcet/Schulze)")
    SCORE = tally.SCORE, _("Score (0–5)")
    APPROVAL = tally.APPROVAL, _("Approval")
    TIME_POLL = tally.TIME_POLL, _("Time poll")


class AbstentionRule(models.TextChoices):
    QUORUM_ONLY = tally.QUORUM_ONLY, _("Count toward quorum only")
    AS_NO = tally.AS_NO, _("Count toward quorum and as “no”")
    IGNORED = tally.IGNORED, _("Do not count at all")


class ThresholdBase(models.TextChoices):
    CAST = tally.CAST, _("Votes cast")
    ELECTORATE = tally.ELECTORATE, _("All member companies")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    ADOPTED = tally.ADOPTED, _("Adopted")
    REJECTED = tally.REJECTED, _("Rejected")
    BLOCKED = tally.BLOCKED, _("Blocked")
    NO_QUORUM = tally.NO_QUORUM, _("No quorum")
    NO_WINNER = tally.NO_WINNER, _("No winner")


TIE_BREAKS = {
    "tie_rejects": _("a tie keeps the status quo"),
    "option_order": _("the option listed first"),
    "most_first_preferences": _("most first preferences"),
    "elimination_by_first_preferences": _(
        "elimination tie: fewest first preferences goes"
    ),
    "elimination_by_option_order": _("elimination tie: the option listed last goes"),
    "most_yes_or_maybe": _("most “yes” or “maybe”"),
}


def tie_break_label(code: str) -> str:
    """The tie rules a result names (comma-separated codes), in words."""
    labels = []
    for part in filter(None, (code or "").split(",")):
        if part.startswith("most_") and part.endswith("s") and part[5:-1].isdigit():
            labels.append(str(_("most scores of %(score)s") % {"score": part[5:-1]}))
        else:
            labels.append(str(TIE_BREAKS.get(part, part)))
    return "; ".join(labels)


class Proposal(TimeStamped):
    """Something the managing body is asked to decide, with the rules of its vote."""

    multifactory = models.ForeignKey(
        "community.Multifactory", on_delete=models.CASCADE, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    method = models.CharField(_("voting method"), max_length=12, choices=Method)
    options = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_("For ranked, score, approval and time-poll votes."),
    )
    opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    in_assembly = models.BooleanField(
        _("voted in an assembly"),
        default=False,
        help_text=_("The facilitator records the votes taken in the meeting."),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (% of member companies)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    threshold = models.CharField(
        _("threshold"),
        max_length=9,
        default="1/2",
        validators=[validate_threshold],
        help_text=_("For a qualified majority, e.g. 2/3."),
    )
    threshold_base = models.CharField(
        _("threshold over"),
        max_length=10,
        choices=ThresholdBase,
        default=ThresholdBase.CAST,
    )
    abstention_rule = models.CharField(
        _("abstentions"),
        max_length=12,
        choices=AbstentionRule,
        default=AbstentionRule.QUORUM_ONLY,
    )
    results_hidden = models.BooleanField(_("results hidden until close"), default=False)
    secret_ballot = models.BooleanField(
        _("secret ballot"),
        default=False,
        help_text=_(
            "Nobody sees who voted or how until the close; then turnout and the "
            "choices by receipt are published, never linked to companies."
        ),
    )
    amends = models.ForeignKey(
        "Decision",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("amends decision"),
    )
    revokes = models.ForeignKey(
        "Decision",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revokes decision"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState, default=ProposalState.DRAFT
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    electorate_size = models.PositiveIntegerField(_("electorate"), default=0)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="proposal_closes_after_it_opens",
                violation_error_message=_("Voting must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100),
                name="proposal_quorum_is_a_percentage",
            ),
        ]
        indexes = [models.Index(fields=["multifactory", "state", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:proposal",
            kwargs={"mf": self.multifactory.slug, "pk": self.pk},
        )

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(option["key"] for option in self.options)

    def option_label(self, key: str | None) -> str:
        for option in self.options:
            if option["key"] == key:
                return option["label"]
        return ""

    @property
    def is_binary(self) -> bool:
        return self.method in tally.BINARY_METHODS

    def tally_rules(self) -> tally.Rules:
        return tally.Rules(
            method=self.method,
            options=self.option_keys,
            electorate=self.electorate_size,
            quorum_percent=self.quorum_percent,
            threshold=tally.parse_threshold(self.threshold),
            threshold_base=self.threshold_base,
            abstention_rule=self.abstention_rule,
        )

    def is_voting_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.state == ProposalState.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class ProposalEffect(models.Model):
    """A typed action the decision performs when the proposal is adopted."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="effects"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("effect"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision effect")
        verbose_name_plural = _("decision effects")
        ordering = ["proposal", "position"]

    def __str__(self) -> str:
        return f"{self.kind} {self.params}"

    @property
    def description(self) -> str:
        from multifactory.governance import effects

        return effects.describe(self.proposal.multifactory, self.kind, self.params)


class Elector(models.Model):
    """A company of the electorate, fixed when voting opened."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="electors"
    )
    organization = models.ForeignKey(
        "community.Organization", on_delete=models.RESTRICT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"], name="elector_once_per_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} on {self.proposal}"


class Ballot(models.Model):
    """The one ballot of a company on a proposal; the last one cast stands.

    For a secret ballot `choice` stays empty and the choice lives in SecretChoice, so
    this row says that the company voted (and who cast it, when), not how.
    """

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="ballots"
    )
    organization = models.ForeignKey(
        "community.Organization", on_delete=models.RESTRICT, related_name="+"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    choice = models.JSONField(_("choice"), null=True, blank=True)
    cast_at = models.DateTimeField(_("cast at"))
    revisions = models.PositiveIntegerField(default=1)
    # Not a column: ballot_cast sets it on the ballot it returns, for the person who
    # cast a secret ballot (the only time the receipt exists in clear).
    receipt: str

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"],
                name="ballot_one_per_company",
                violation_error_message=_("This company has already voted."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} on {self.proposal}"


class SecretChoice(models.Model):
    """A secret ballot's choice, known by the hash of a receipt only its voter holds.

    The receipt is a random code given once to the voter; only its hash is kept here
    and published with the choice after the close. `seal` lets the server replace a
    company's choice when it votes again while voting is open (a keyed hash of
    proposal and company); it is erased, and the rows rewritten in random order, when
    the proposal closes or is withdrawn (`services.secret_choices_seal`).
    """

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="secret_choices"
    )
    receipt_hash = models.CharField(max_length=64)
    seal = models.CharField(max_length=64, blank=True, default="")
    choice = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "receipt_hash"],
                name="secret_choice_once_per_receipt",
            ),
            models.UniqueConstraint(
                fields=["proposal", "seal"],
                condition=~Q(seal=""),
                name="secret_choice_once_per_company",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_hash


class BallotRevision(models.Model):
    """Every ballot ever cast on a public vote, changes included.

    Secret ballots keep no history: a changed secret ballot leaves no trace of its
    earlier choice or of when it was cast.
    """

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="ballot_revisions"
    )
    organization = models.ForeignKey(
        "community.Organization",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    choice = models.JSONField()
    cast_at = models.DateTimeField()

    class Meta:
        ordering = ["cast_at", "id"]

    def __str__(self) -> str:
        return f"{self.organization} at {self.cast_at}"


class Decision(models.Model):
    """A closed proposal, numbered YYYY/NNN per multifactory. Never changed."""

    multifactory = models.ForeignKey(
        "community.Multifactory", on_delete=models.CASCADE, related_name="decisions"
    )
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=20)
    proposal = models.OneToOneField(
        Proposal, on_delete=models.RESTRICT, related_name="decision"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    method = models.CharField(_("voting method"), max_length=12, choices=Method)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome)
    winner = models.CharField(_("chosen option"), max_length=200, blank=True)
    figures = models.JSONField(_("figures"), default=dict)
    decided_at = models.DateTimeField(_("decided at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="amended_by",
        verbose_name=_("amends"),
    )
    revokes = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="revoked_by",
        verbose_name=_("revokes"),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["multifactory", "year", "sequence"],
                name="decision_sequence_per_year",
            ),
            models.UniqueConstraint(
                fields=["multifactory", "number"], name="decision_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        # The register is immutable: a decision is written once, then only read.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(DECISION_IMMUTABLE)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:decision",
            kwargs={
                "mf": self.multifactory.slug,
                "year": self.year,
                "seq": self.sequence,
            },
        )

    @property
    def is_adopted(self) -> bool:
        return self.outcome == Outcome.ADOPTED

    @contextmanager
    def executing(self, effect: "ProposalEffect"):
        """While the block runs, this decision carries out `effect` (proposal_close
        wraps each effect in it): the services the effect calls accept the decision
        as their authority (`authorizes`), for that effect's kind only."""
        self._executing: ProposalEffect | None = effect
        try:
            yield
        finally:
            self._executing = None

    def authorizes(self, *, multifactory, effect) -> bool:
        """Whether this decision orders, now, an act that an effect of a kind in
        `effect` (a code or codes) performs in `multifactory`.

        True only inside `executing` for an effect of its own proposal, of one of
        those kinds, not yet executed, and only if the database holds this decision
        as adopted in that multifactory: a made-up, foreign, rejected decision, or an
        old one whose effects already ran, is no authority (community.access.
        Authority, decision_require).
        """
        kinds = {effect} if isinstance(effect, str) else set(effect)
        running = getattr(self, "_executing", None)
        if (
            self.pk is None
            or running is None
            or running.kind not in kinds
            or running.proposal_id != self.proposal_id
        ):
            return False
        return Decision.objects.filter(
            pk=self.pk,
            multifactory=multifactory,
            outcome=Outcome.ADOPTED,
            proposal__effects__pk=running.pk,
            proposal__effects__kind=running.kind,
            proposal__effects__executed_at__isnull=True,
        ).exists()

    @property
    def tie_break(self) -> str:
        return tie_break_label(self.figures.get("tie_break", ""))


class Rule(models.Model):
    """A rule of the multifactory, set by a decision. Old values stay, superseded."""

    multifactory = models.ForeignKey(
        "community.Multifactory", on_delete=models.CASCADE, related_name="rules"
    )
    key = models.CharField(_("rule"), max_length=80)
    value = models.JSONField(_("value"))
    decision = models.ForeignKey(
        Decision, on_delete=models.RESTRICT, related_name="rules"
    )
    set_at = models.DateTimeField(_("set at"))
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["key", "-set_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["multifactory", "key"],
                condition=Q(superseded_at__isnull=True),
                name="rule_one_current_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class CharterVersion(models.Model):
    """One version of the charter (values, house rules), in Markdown."""

    multifactory = models.ForeignKey(
        "community.Multifactory", on_delete=models.CASCADE, related_name="charters"
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    decision = models.ForeignKey(
        Decision, on_delete=models.RESTRICT, related_name="charter_versions"
    )
    created_at = models.DateTimeField(_("adopted at"))

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["multifactory", "version"], name="charter_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class SpendingKind(models.TextChoices):
    EXPENSE = "expense", _("Expense")
    BUDGET = "budget", _("Budget")


class SpendingApproval(models.Model):
    """An expense or budget the managing body approved; the economy books it."""

    multifactory = models.ForeignKey(
        "community.Multifactory",
        on_delete=models.CASCADE,
        related_name="spending_approvals",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SpendingKind)
    description = models.CharField(_("description"), max_length=250)
    amount = models.BigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3)
    decision = models.ForeignKey(
        Decision, on_delete=models.RESTRICT, related_name="spending_approvals"
    )

    class Meta:
        verbose_name = _("approved spending")
        verbose_name_plural = _("approved spending")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="spending_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        try:
            amount = money_format(Money(self.amount, self.currency))
        except (TypeError, ValueError):
            amount = f"{self.amount} {self.currency}"
        return f"{self.description} ({amount})"


class AssemblyState(models.TextChoices):
    CONVENED = "convened", _("Convened")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Assembly(TimeStamped):
    """A meeting of the managing body: agenda, attendance, proxies, minutes."""

    multifactory = models.ForeignKey(
        "community.Multifactory", on_delete=models.CASCADE, related_name="assemblies"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("first call"))
    second_call_at = models.DateTimeField(_("second call"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    first_call_quorum = models.PositiveSmallIntegerField(
        _("quorum at first call (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    second_call_quorum = models.PositiveSmallIntegerField(
        _("quorum at second call (%)"), default=25, validators=[MaxValueValidator(100)]
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=AssemblyState,
        default=AssemblyState.CONVENED,
    )
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    held_in_call = models.PositiveSmallIntegerField(
        _("held at call"), null=True, blank=True
    )
    members_at_start = models.PositiveIntegerField(default=0)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("minutes approved at"),
    )

    class Meta:
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(second_call_at__isnull=True)
                | Q(second_call_at__gt=models.F("starts_at")),
                name="assembly_second_call_after_first",
                violation_error_message=_("The second call comes after the first."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:assembly",
            kwargs={"mf": self.multifactory.slug, "pk": self.pk},
        )


class AgendaItem(models.Model):
    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["assembly", "position"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    REPRESENTED = "represented", _("Represented by proxy")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="attendance"
    )
    organization = models.ForeignKey(
        "community.Organization", on_delete=models.RESTRICT, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=12, choices=AttendanceStatus)
    represented_by = models.ForeignKey(
        "community.Organization",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "organization"], name="attendance_once_per_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.status}"


class Proxy(models.Model):
    """A company gives its vote at one assembly to another company."""

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="proxies"
    )
    giver = models.ForeignKey(
        "community.Organization", on_delete=models.RESTRICT, related_name="+"
    )
    holder = models.ForeignKey(
        "community.Organization", on_delete=models.RESTRICT, related_name="+"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "giver"], name="proxy_one_per_giver"
            ),
            models.CheckConstraint(
                condition=~Q(giver=models.F("holder")), name="proxy_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class OpenCall(TimeStamped):
    """The public call for new member companies."""

    multifactory = models.ForeignKey(
        "community.Multifactory", on_delete=models.CASCADE, related_name="open_calls"
    )
    title = models.CharField(_("title"), max_length=200)
    who_we_look_for = models.TextField(_("who we look for"), help_text=_("Markdown."))
    criteria = models.TextField(_("criteria"), blank=True, help_text=_("Markdown."))
    deadline = models.DateField(_("deadline"))
    available_units = models.CharField(
        _("available units"),
        max_length=250,
        blank=True,
        help_text=_("e.g. “two workshops of 80 m², one office of 25 m²”."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:open_call", kwargs={"mf": self.multifactory.slug, "pk": self.pk}
        )

    def is_open(self, today=None) -> bool:
        today = today or self.multifactory.today()
        return self.is_published and today <= self.deadline


class ApplicationState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    SUBMITTED = "submitted", _("Submitted")
    PROPOSED = "proposed", _("Admission proposed")
    ADMITTED = "admitted", _("Admitted")
    DECLINED = "declined", _("Not admitted")


class Application(TimeStamped):
    """A company applying to an open call; it becomes a member by decision."""

    call = models.ForeignKey(
        OpenCall, on_delete=models.CASCADE, related_name="applications"
    )
    company_name = models.CharField(_("company"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20)
    sector = models.CharField(_("sector (NACE)"), max_length=1)
    stage = models.CharField(_("stage"), max_length=10)
    produces = models.CharField(_("what it produces"), max_length=250)
    project = models.TextField(_("project proposal"))
    space_needs = models.CharField(_("space needs"), max_length=250, blank=True)
    contact_name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ApplicationState,
        default=ApplicationState.UNCONFIRMED,
    )
    organization = models.ForeignKey(
        "community.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.company_name

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:application",
            kwargs={"mf": self.call.multifactory.slug, "pk": self.pk},
        )

    def as_company(self) -> dict:
        return {"kind": self.kind, "sector": self.sector, "stage": self.stage}


CRITERIA = (
    ("productive", _("Productive vocation")),
    ("environmental", _("Environmental sustainability")),
    ("social", _("Social sustainability")),
    ("economic", _("Economic sustainability")),
    ("fit", _("Fit with the community")),
)


class Evaluation(TimeStamped):
    """A member's evaluation of an application on the call's criteria (0–5)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(_("scores"), default=dict)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"],
                name="evaluation_once_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} on {self.application}"


class AssemblyRequest(models.Model):
    """A member company asks for an assembly; enough of them may convene one."""

    multifactory = models.ForeignKey(
        "community.Multifactory",
        on_delete=models.CASCADE,
        related_name="assembly_requests",
    )
    organization = models.ForeignKey(
        "community.Organization", on_delete=models.RESTRICT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=250)
    created_at = models.DateTimeField(auto_now_add=True)
    assembly = models.ForeignKey(
        Assembly,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )

    class Meta:
        verbose_name = _("request for an assembly")
        verbose_name_plural = _("requests for an assembly")
        constraints = [
            models.UniqueConstraint(
                fields=["multifactory", "organization"],
                condition=Q(assembly__isnull=True),
                name="assembly_request_one_pending_per_company",
                violation_error_message=_(
                    "Your company has already asked for an assembly."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.reason}"
