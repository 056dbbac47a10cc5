"""Forms of governance: a proposal, and reading a ballot from a posted vote form."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import (
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Sector,
    Stage,
)
from multifactory.governance import rules, selectors, tally
from multifactory.governance.models import (
    AbstentionRule,
    Method,
    Proposal,
    ThresholdBase,
)

NO_SUCH_DECISION = _("No decision has this number here.")


class ProposalForm(forms.Form):
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
    closes_at = forms.DateTimeField(
        label=_("Voting closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    in_assembly = forms.BooleanField(label=_("Voted in an assembly"), required=False)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (% of member companies)"), min_value=0, max_value=100
    )
    threshold = forms.CharField(label=_("Threshold"), initial="1/2", max_length=9)
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
    amends = forms.CharField(
        label=_("Amends decision"),
        max_length=20,
        required=False,
        help_text=_("Its number, e.g. 2026/014."),
    )
    revokes = forms.CharField(
        label=_("Revokes decision"),
        max_length=20,
        required=False,
        help_text=_("Its number, e.g. 2026/014."),
    )
    admit = forms.ModelChoiceField(
        label=_("Effect: admit this applicant"),
        queryset=Organization.objects.none(),
        required=False,
    )
    rule_key = forms.ChoiceField(label=_("Effect: set this rule"), required=False)
    rule_value = forms.CharField(label=_("to the value"), required=False)
    charter_text = forms.CharField(
        label=_("Effect: adopt this charter text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, multifactory, **kwargs):
        super().__init__(*args, **kwargs)
        self.multifactory = multifactory
        self.fields["admit"].queryset = Organization.objects.filter(
            multifactory=multifactory, status=OrganizationStatus.APPLICANT
        ).order_by("name")
        self.fields["rule_key"].choices = [("", "—")] + [
            (key, f"{rule.label} ({key})") for key, rule in sorted(rules.KEYS.items())
        ]
        self.fields["quorum_percent"].initial = rules.value(
            multifactory, rules.QUORUM_DEFAULT
        )

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

    def effects(self) -> list[dict]:
        data = self.cleaned_data
        chosen = []
        if data.get("admit"):
            chosen.append(
                {"kind": "admit_company", "params": {"organization": data["admit"].pk}}
            )
        if data.get("rule_key"):
            chosen.append(
                {
                    "kind": "set_rule",
                    "params": {"key": data["rule_key"], "value": data["rule_value"]},
                }
            )
        if data.get("charter_text", "").strip():
            chosen.append(
                {"kind": "amend_charter", "params": {"text": data["charter_text"]}}
            )
        return chosen


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


class AssemblyForm(forms.Form):
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
        data = super().clean()
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
