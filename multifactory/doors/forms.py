"""Forms of doors and keys."""

from django import forms
from django.utils.translation import gettext_lazy as _

from multifactory.core.forms import DayField, RowsField
from multifactory.core.money import MoneyField
from multifactory.doors.models import KeyKind
from multifactory.place.forms import DateInput, MoneyForm, TimeInput


class KeyIssueForm(MoneyForm):
    key = forms.ModelChoiceField(label=_("Key or badge"), queryset=None)
    holder = forms.ModelChoiceField(label=_("Holder"), queryset=None)
    deposit_paid = MoneyField(label=_("Deposit paid"), max_value=10_000_000, initial=0)

    def __init__(self, *args, keys, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].queryset = keys
        self.fields["holder"].queryset = people


class DoorForm(forms.Form):
    name = forms.CharField(label=_("Door"), max_length=100)
    resource = forms.ModelChoiceField(
        label=_("Opens"), queryset=None, required=False, empty_label=_("No resource")
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources


class KeyForm(MoneyForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=KeyKind.choices)
    label = forms.CharField(label=_("Label"), max_length=100)
    code = forms.CharField(label=_("Number or badge code"), max_length=64)
    doors = RowsField(
        label=_("Opens the doors"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deposit = MoneyField(label=_("Deposit"), max_value=10_000_000, initial=0)

    def __init__(self, *args, doors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doors"].queryset = doors


WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class AccessPolicyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    door = forms.ModelChoiceField(
        label=_("Door"), queryset=None, required=False, empty_label=_("Every door")
    )
    organization = forms.ModelChoiceField(
        label=_("Company"),
        queryset=None,
        required=False,
        empty_label=_("Every member company"),
    )
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=None, required=False, empty_label=_("Anybody")
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAYS,
        initial=[day for day, _label in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
    )
    opens = forms.TimeField(label=_("From"), widget=TimeInput(), initial="00:00")
    closes = forms.TimeField(
        label=_("Until"),
        widget=TimeInput(),
        initial="00:00",
        help_text=_("00:00 means midnight at the end of the day."),
    )
    valid_from = DayField(label=_("Valid from"), required=False, widget=DateInput())
    valid_until = DayField(label=_("Valid until"), required=False, widget=DateInput())

    def __init__(self, *args, doors, companies, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["door"].queryset = doors
        self.fields["organization"].queryset = companies
        self.fields["person"].queryset = people

    def clean(self):
        data = super().clean()
        if "opens" in data and "closes" in data:
            data["opens_minute"] = data["opens"].hour * 60 + data["opens"].minute
            closes = data["closes"].hour * 60 + data["closes"].minute
            data["closes_minute"] = closes or 24 * 60
        if data.get("weekdays"):
            data["weekdays"] = "".join(sorted(data["weekdays"]))
        return data

    def policy_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "door",
                "organization",
                "person",
                "weekdays",
                "opens_minute",
                "closes_minute",
                "valid_from",
                "valid_until",
            )
        }


class DoorControllerForm(forms.Form):
    name = forms.CharField(label=_("Controller"), max_length=100)
    doors = RowsField(
        label=_("Doors it serves"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, doors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doors"].queryset = doors


class KeyReturnForm(MoneyForm):
    deposit_returned = MoneyField(
        label=_("Deposit given back"), max_value=10_000_000, required=False
    )
    lost = forms.BooleanField(required=False)
