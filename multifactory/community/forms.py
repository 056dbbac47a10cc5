"""Forms of the community pages. They parse and check input; services decide."""

from typing import cast

from django import forms
from django.conf import settings
from django.db.models import Model
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import (
    STATUS_TRANSITIONS,
    MandateKind,
    Multifactory,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Person,
    Role,
    Sector,
    Stage,
)
from multifactory.community.services import ORGANIZATION_PROFILE_FIELDS
from multifactory.core.forms import DayField

ANY = [("", _("Any"))]


class DirectoryFilterForm(forms.Form):
    # From the broadest filter to the narrowest: words, then what a company is,
    # what it does, how far along it is, and (members only) where it stands.
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=ANY + OrganizationKind.choices
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=ANY + Sector.choices
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=ANY + Stage.choices
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active (member or leaving)")), *OrganizationStatus.choices],
    )

    def __init__(self, *args, is_member: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_member:
            # Visitors only ever see active companies with a public profile.
            del self.fields["status"]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )


def _form_class(
    name: str, model: type[Model], field_names: list[str], **overrides: forms.Field
) -> type[forms.Form]:
    """A plain form with the model's own labels, choices and help texts.

    Plain forms (not ModelForms) leave the instance untouched until the service
    saves it, so the audit trail records a true before/after.
    """
    fields = fields_for_model(model, fields=field_names)
    fields.update(overrides)
    return type(name, (forms.Form,), dict(fields))


MultifactorySettingsForm = _form_class(
    "MultifactorySettingsForm",
    Multifactory,
    [
        "name",
        "address",
        "time_zone",
        "currency",
        "languages",
        "description",
        "public_page",
        "is_public",
    ],  # fmt: skip
    languages=forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    ),
)

OrganizationProfileForm = _form_class(
    "OrganizationProfileForm", Organization, ORGANIZATION_PROFILE_FIELDS
)


class OrganizationCreateForm(OrganizationProfileForm):  # type: ignore[valid-type,misc]  # built by _form_class
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to derive it from the name."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (OrganizationStatus.MEMBER, OrganizationStatus.MEMBER.label),
            (OrganizationStatus.APPLICANT, OrganizationStatus.APPLICANT.label),
        ],
        initial=OrganizationStatus.MEMBER,
    )


class OrganizationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = DayField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STATUS_TRANSITIONS[OrganizationStatus(current)]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label)
            for value, label in OrganizationStatus.choices
            if value in allowed
        ]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MandateGrantForm(forms.Form):
    person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Person"), queryset=None, empty_label=_("Choose a person")
    )
    kind = forms.ChoiceField(
        label=_("Mandate"),
        choices=[c for c in MandateKind.choices if c[0] != MandateKind.FOUNDER],
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        required=False,
        help_text=_("Required for another responsibility, e.g. “garden keeper”."),
    )
    scope = forms.CharField(
        label=_("Scope"),
        max_length=250,
        required=False,
        help_text=_("What it covers, e.g. “laser cutter” for a trainer."),
    )
    starts_on = DayField(
        label=_("Starts on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )
    ends_on = DayField(
        label=_("Ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people


class MandateRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=250, required=False)
