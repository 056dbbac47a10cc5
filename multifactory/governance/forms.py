"""Forms of governance: a proposal with its effects, and reading a ballot from a
posted vote form."""

import json
import time
from typing import cast

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import (
    ACTIVE_STATUSES,
    Mandate,
    MandateKind,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Person,
    Sector,
    Stage,
)
from multifactory.core import times
from multifactory.core.money import Money, MoneyField, amount_format, exponent
from multifactory.governance import effects, floors, rules, selectors, tally
from multifactory.governance.models import (
    AbstentionRule,
    Application,
    ApplicationState,
    Method,
    Proposal,
    SpendingKind,
    ThresholdBase,
)

NO_SUCH_DECISION = _("No decision has this number here.")
DATE_OUT_OF_RANGE = _("Give a date between the years %(earliest)s and %(latest)s.")
FLOOR_HELP = _(
    "With effects, at least %(quorum)s %%, open at least %(voting)s, a majority of "
    "at least %(majority)s; stricter for some effects (the floors below, rules of "
    "this multifactory)."
)


def _decision_number_field(label) -> forms.CharField:
    """An optional reference to an earlier decision, by its number."""
    return forms.CharField(
        label=label,
        max_length=20,
        required=False,
        help_text=_("Its number, e.g. 2026/014."),
    )


TIMES_IN_ZONE = _("Time in %(zone)s, the multifactory's time zone.")


class ZonedForm(forms.Form):
    """A form whose date-times are typed and shown in the multifactory's time zone
    (as the place pages do), not the server's: "closing 18:00" in Rome is 17:00 UTC
    in winter. Each date-time field says which zone in its help text."""

    def __init__(self, *args, multifactory, **kwargs):
        super().__init__(*args, **kwargs)
        self.multifactory = multifactory
        self.zone = multifactory.zone
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField):
                field.help_text = " ".join(
                    str(text)
                    for text in (
                        field.help_text,
                        TIMES_IN_ZONE % {"zone": multifactory.time_zone},
                    )
                    if text
                )

    def full_clean(self):
        # Django reads a datetime typed without an offset in the current time zone.
        with timezone.override(self.zone):
            super().full_clean()

    def clean(self):
        data = super().clean() or {}
        for name, field in self.fields.items():
            moment = data.get(name)
            if (
                isinstance(field, forms.DateTimeField)
                and moment is not None
                and not times.in_plannable_range(moment)
            ):
                self.add_error(
                    name,
                    DATE_OUT_OF_RANGE
                    % {"earliest": times.EARLIEST_YEAR, "latest": times.LATEST_YEAR},
                )
        return data


class ProposalForm(ZonedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea, required=False, help_text=_("Markdown.")
    )
    method = forms.ChoiceField(label=_("Voting method"), choices=Method.choices)
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line, for ranked, score, approval and time-poll votes."),
    )
    opens_at = forms.DateTimeField(
        label=_("Voting opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_(
            "Empty: when you open it, or at once with “Open voting now”. Effects "
            "may ask for notice first (see the floors below)."
        ),
    )
    closes_at = forms.DateTimeField(
        label=_("Voting closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    in_assembly = forms.BooleanField(label=_("Voted in an assembly"), required=False)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (% of member companies)"), min_value=0, max_value=100
    )
    threshold = forms.CharField(
        label=_("Threshold"),
        initial="1/2",
        max_length=9,
        help_text=_("For a qualified majority: a fraction such as 2/3 or 0.75."),
    )
    threshold_base = forms.ChoiceField(
        label=_("Threshold over"), choices=ThresholdBase.choices
    )
    abstention_rule = forms.ChoiceField(
        label=_("Abstentions"), choices=AbstentionRule.choices
    )
    results_hidden = forms.BooleanField(
        label=_("Hide results until close"), required=False
    )
    secret_ballot = forms.BooleanField(label=_("Secret ballot"), required=False)
    open_now = forms.BooleanField(label=_("Open voting now"), required=False)
    amends = _decision_number_field(_("Amends decision"))
    revokes = _decision_number_field(_("Revokes decision"))

    def __init__(self, *args, multifactory, **kwargs):
        super().__init__(*args, multifactory=multifactory, **kwargs)
        self.fields["quorum_percent"].initial = rules.value(
            multifactory, rules.QUORUM_DEFAULT
        )
        general = floors.for_groups(multifactory, [rules.GENERAL])
        self.fields["quorum_percent"].help_text = FLOOR_HELP % {
            "quorum": general.quorum.value,
            "voting": floors.duration(general.voting_hours.value),
            "majority": general.majority.value,
        }

    def _decision(self, field: str):
        number = self.cleaned_data.get(field, "").strip()
        if not number:
            return None
        decision = selectors.decision_by_number(
            multifactory=self.multifactory, number=number
        )
        if decision is None:
            raise forms.ValidationError(NO_SUCH_DECISION)
        return decision

    def clean_amends(self):
        return self._decision("amends")

    def clean_revokes(self):
        return self._decision("revokes")


# Effects: one fieldset per registered effect type -----------------------------------
# Each fieldset has an "add this effect" box and the effect's parameters, so the form
# works without JavaScript (the fieldsets are <details>, closed until used). Only
# the ticked ones are read; effects.validate() runs on them and its refusals land
# on the field of the parameter at fault.

ADD_EFFECT = _("Add the effect “%(effect)s”")
BAD_PARAMETERS = _('Write the parameters as a JSON object, e.g. {"key": "value"}.')


class EffectForm(forms.Form):
    code = ""
    # Fieldsets not ticked are left empty: the browser must not insist on them.
    use_required_attribute = False
    use = forms.BooleanField(label=_("Add this effect"), required=False)

    def __init__(self, data=None, *, multifactory, code: str | None = None):
        self.code = code or self.code
        prefix = f"effect-{self.code}"
        used = data is not None and bool(data.get(f"{prefix}-use"))
        # Effects not ticked stay unbound: nothing is checked, nothing is reported.
        super().__init__(data if used else None, prefix=prefix)
        self.multifactory = multifactory
        self.effect_type = effects.REGISTRY[self.code]
        self.label = self.effect_type.label
        self.fields["use"].label = ADD_EFFECT % {"effect": self.label}
        self.params: dict | None = None
        self.setup()

    def setup(self) -> None:
        """Querysets and choices that depend on the multifactory."""

    def parameters(self, data: dict) -> dict:
        """The effect's params from the form's cleaned data."""
        return {key: value for key, value in data.items() if key != "use"}

    @property
    def used(self) -> bool:
        return self.is_bound

    @property
    def open(self) -> bool:
        return self.is_bound

    def clean(self):
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.params = effects.validate(
                self.multifactory, self.code, self.parameters(data)
            )
        except forms.ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data

    def effect(self) -> dict:
        return {"kind": self.code, "params": self.params}


def _pk(value):
    return getattr(value, "pk", value)


class AdmitCompanyForm(EffectForm):
    code = "admit_company"
    organization = forms.ModelChoiceField(
        label=_("Applicant company"), queryset=Organization.objects.none()
    )

    def setup(self):
        cast(
            forms.ModelChoiceField, self.fields["organization"]
        ).queryset = Organization.objects.filter(
            multifactory=self.multifactory, status=OrganizationStatus.APPLICANT
        ).order_by("name")

    def parameters(self, data):
        return {"organization": _pk(data["organization"])}


class EndMembershipForm(EffectForm):
    code = "end_membership"
    organization = forms.ModelChoiceField(
        label=_("Member company"), queryset=Organization.objects.none()
    )
    status = forms.ChoiceField(
        label=_("It becomes"),
        choices=[
            (OrganizationStatus.LEAVING, OrganizationStatus.LEAVING.label),
            (OrganizationStatus.FORMER, OrganizationStatus.FORMER.label),
        ],
    )

    def setup(self):
        cast(
            forms.ModelChoiceField, self.fields["organization"]
        ).queryset = Organization.objects.filter(
            multifactory=self.multifactory, status__in=ACTIVE_STATUSES
        ).order_by("name")

    def parameters(self, data):
        return {"organization": _pk(data["organization"]), "status": data["status"]}


class GrantMandateForm(EffectForm):
    code = "grant_mandate"
    kind = forms.ChoiceField(
        label=_("Mandate"),
        choices=[c for c in MandateKind.choices if c[0] != MandateKind.FOUNDER],
    )
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    title = forms.CharField(
        label=_("Title of the mandate"), max_length=120, required=False
    )
    scope = forms.CharField(
        label=_("Scope"),
        max_length=250,
        required=False,
        help_text=_("e.g. “the laser cutter”, “the 2027 budget”."),
    )
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Until (the term)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def setup(self):
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = (
            Person.objects.filter(
                is_active=True,
                memberships__organization__multifactory=self.multifactory,
                memberships__organization__status__in=ACTIVE_STATUSES,
            )
            .distinct()
            .order_by("full_name")
        )

    def parameters(self, data):
        return {
            "person": _pk(data["person"]),
            "kind": data["kind"],
            "title": data["title"],
            "scope": data["scope"],
            "starts_on": data["starts_on"].isoformat() if data["starts_on"] else None,
            "ends_on": data["ends_on"].isoformat() if data["ends_on"] else None,
        }


class RevokeMandateForm(EffectForm):
    code = "revoke_mandate"
    mandate = forms.ModelChoiceField(
        label=_("Mandate"), queryset=Mandate.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), max_length=250, required=False)

    def setup(self):
        cast(forms.ModelChoiceField, self.fields["mandate"]).queryset = (
            Mandate.objects.filter(
                multifactory=self.multifactory, revoked_at__isnull=True
            )
            .select_related("person")
            .order_by("kind", "person__full_name")
        )

    def parameters(self, data):
        return {"mandate": _pk(data["mandate"]), "reason": data["reason"]}


class SetRuleForm(EffectForm):
    code = "set_rule"
    key = forms.ChoiceField(label=_("Rule"))
    value = forms.CharField(label=_("New value"), max_length=200)

    def setup(self):
        cast(forms.ChoiceField, self.fields["key"]).choices = [
            (key, f"{rule.label} ({key})") for key, rule in sorted(rules.KEYS.items())
        ]


class SpendingForm(EffectForm):
    code = "approve_spending"
    kind = forms.ChoiceField(label=_("Expense or budget"), choices=SpendingKind.choices)
    description = forms.CharField(label=_("What for"), max_length=250)
    # Typed in major units in the person's locale ("1.250,50" in Italian); the
    # effect's params hold minor units of the multifactory's currency.
    amount = MoneyField(label=_("Amount"), max_value=999_999_999_999)

    def setup(self):
        currency = self.multifactory.currency
        cast(MoneyField, self.fields["amount"]).currency = currency
        self.fields["amount"].label = _("Amount (%(currency)s)") % {
            "currency": currency
        }
        self.fields["amount"].help_text = _("e.g. %(example)s") % {
            "example": amount_format(
                Money(125050 * 10 ** exponent(currency) // 100, currency)
            )
        }

    def parameters(self, data):
        return {
            "kind": data["kind"],
            "description": data["description"],
            "amount": data["amount"].minor_units,
            "currency": data["amount"].currency,
        }


class CharterForm(EffectForm):
    code = "amend_charter"
    text = forms.CharField(
        label=_("The new charter text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown; it replaces the current version."),
    )


class CallForm(EffectForm):
    code = "take_part_in_call"
    title = forms.CharField(label=_("Call"), max_length=200)
    reference = forms.CharField(
        label=_("Reference or link"), max_length=250, required=False
    )


class AdmitApplicationForm(EffectForm):
    code = "admit_application"
    application = forms.ModelChoiceField(
        label=_("Application"), queryset=Application.objects.none()
    )
    unit = forms.ChoiceField(label=_("Assign a private unit"), required=False)

    def setup(self):
        cast(
            forms.ModelChoiceField, self.fields["application"]
        ).queryset = Application.objects.filter(
            call__multifactory=self.multifactory, state=ApplicationState.SUBMITTED
        ).order_by("company_name")
        units = effects.free_units(self.multifactory)
        if units:
            cast(forms.ChoiceField, self.fields["unit"]).choices = [
                ("", _("No unit"))
            ] + [(str(unit.pk), unit.name) for unit in units]
        else:
            del self.fields["unit"]

    def parameters(self, data):
        params = {"application": _pk(data["application"])}
        if data.get("unit"):
            params["unit"] = int(data["unit"])
        return params


class GenericEffectForm(EffectForm):
    """An effect registered by another capability without a form of its own."""

    params_json = forms.CharField(
        label=_("Parameters (JSON)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="{}",
    )

    def parameters(self, data):
        try:
            params = json.loads(data["params_json"])
        except ValueError:
            params = None
        if not isinstance(params, dict):
            raise forms.ValidationError({"params_json": BAD_PARAMETERS})
        return params


EFFECT_FORMS: dict[str, type[EffectForm]] = {
    form.code: form
    for form in [
        AdmitCompanyForm,
        EndMembershipForm,
        GrantMandateForm,
        RevokeMandateForm,
        SetRuleForm,
        SpendingForm,
        CharterForm,
        CallForm,
        AdmitApplicationForm,
    ]
}


def effect_forms(data=None, *, multifactory) -> list[EffectForm]:
    """A form for every registered effect type, in the registry's order."""
    return [
        EFFECT_FORMS.get(code, GenericEffectForm)(
            data, multifactory=multifactory, code=code
        )
        for code in effects.REGISTRY
    ]


def ballot_from_post(proposal: Proposal, post) -> dict:
    """The ballot dict of `tally` from a posted vote form (see proposal.html)."""
    method = proposal.method
    keys = proposal.option_keys
    if method in tally.BINARY_METHODS:
        return {"vote": post.get("vote", ""), "reason": post.get("reason", "")}
    if method in (tally.IRV, tally.SCHULZE):
        ranks = []
        for key in keys:
            value = post.get(f"rank_{key}", "").strip()
            if value.isdigit():
                ranks.append((int(value), keys.index(key), key))
        return {"ranking": [key for _rank, _pos, key in sorted(ranks)]}
    if method == tally.SCORE:
        scores = {}
        for key in keys:
            value = post.get(f"score_{key}", "").strip()
            if value:
                scores[key] = int(value) if value.lstrip("-").isdigit() else value
        return {"scores": scores}
    if method == tally.APPROVAL:
        return {"approved": post.getlist("approved")}
    return {
        "availability": {
            key: post.get(f"avail_{key}") for key in keys if post.get(f"avail_{key}")
        }
    }


class AssemblyForm(ZonedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("First call"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    second_call_at = forms.DateTimeField(
        label=_("Second call"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False)
    first_call_quorum = forms.IntegerField(
        label=_("Quorum at first call (%)"), min_value=0, max_value=100, initial=50
    )
    second_call_quorum = forms.IntegerField(
        label=_("Quorum at second call (%)"), min_value=0, max_value=100, initial=25
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One item per line."),
    )


SPAM_SUSPECTED = _(
    "This form was filled in too fast or by a robot. Wait a few seconds and send it "
    "again."
)
# A person needs a few seconds to fill the form in; a day later the page is stale.
MIN_SECONDS = 3
MAX_SECONDS = 24 * 3600


class ApplicationForm(forms.Form):
    """The public application form. Spam protection without third parties: a field
    hidden from people (robots fill it) and a signed time the form was shown."""

    company_name = forms.CharField(label=_("Company"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    sector = forms.ChoiceField(label=_("Sector (NACE)"), choices=Sector.choices)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    produces = forms.CharField(label=_("What it produces"), max_length=250)
    project = forms.CharField(
        label=_("Project proposal"),
        widget=forms.Textarea,
        help_text=_("What you would do here, and what you would share."),
    )
    space_needs = forms.CharField(
        label=_("Space needs"),
        max_length=250,
        required=False,
        help_text=_("e.g. “a workshop of about 60 m² with three-phase power”."),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    homepage = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.TimestampSigner(
                salt="governance.application"
            ).sign("form")

    def clean(self):
        data = super().clean() or {}
        if data.get("homepage"):
            raise forms.ValidationError(SPAM_SUSPECTED, code="spam")
        try:
            signer = signing.TimestampSigner(salt="governance.application")
            signer.unsign(self.data.get("started", ""), max_age=MAX_SECONDS)
            age = time.time() - signing.b62_decode(
                self.data.get("started", "").split(":")[1]
            )
        except (signing.BadSignature, IndexError, ValueError):
            raise forms.ValidationError(SPAM_SUSPECTED, code="spam") from None
        if age < MIN_SECONDS:
            raise forms.ValidationError(SPAM_SUSPECTED, code="spam")
        return data


class OpenCallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    who_we_look_for = forms.CharField(label=_("Who we look for"), widget=forms.Textarea)
    criteria = forms.CharField(
        label=_("Criteria"), widget=forms.Textarea, required=False
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    available_units = forms.CharField(
        label=_("Available units"), max_length=250, required=False
    )
