"""Forms of the care of the place."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from multifactory.care.models import Urgency
from multifactory.core.forms import DayField, RowsField
from multifactory.place.forms import DateInput


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("What happened"), max_length=150)
    description = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    resource = forms.ModelChoiceField(
        label=_("Where"), queryset=None, required=False, empty_label=_("Elsewhere")
    )
    location = forms.CharField(
        label=_("Where, in words"), max_length=150, required=False
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB."),
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources
        self.fields["urgency"].initial = Urgency.NORMAL

    def clean_photo(self):
        from multifactory.care.services import photo_check

        photo = self.cleaned_data.get("photo")
        if photo:
            try:
                photo_check(photo)
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict["photo"]) from None
        return photo


class RotaForm(forms.Form):
    name = forms.CharField(label=_("Chore"), max_length=120)
    description = forms.CharField(
        label=_("What to do"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    companies = RowsField(
        label=_("Companies, in turn"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The turn passes from company to company in this order."),
    )
    starts_on = DayField(label=_("First turn starts on"), widget=DateInput())
    period_days = forms.IntegerField(
        label=_("Days per turn"), min_value=1, max_value=366, initial=7
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companies"].queryset = companies
