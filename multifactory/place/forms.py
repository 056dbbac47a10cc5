"""Forms of the place pages: they parse local wall-clock input into aware datetimes;
the rules are checked by the services."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import Organization
from multifactory.place.models import Category, Frequency, ResourceKind, Urgency

END_NOT_AFTER_START = _("The end comes before the start: choose a later end.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def local_moment(day, clock: time, zone) -> datetime:
    """A wall-clock time in the multifactory's zone; 00:00 as an end means midnight
    at the end of the day."""
    return datetime.combine(day, clock, tzinfo=zone)


class PeriodForm(forms.Form):
    """A day and a start and end time, read in the multifactory's time zone."""

    day = forms.DateField(label=_("Day"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(
        label=_("To"),
        widget=TimeInput(),
        help_text=_("00:00 means midnight at the end of the day."),
    )

    def __init__(self, *args, zone, **kwargs):
        self.zone = zone
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        day = data["day"]
        data["start"] = local_moment(day, data["start_time"], self.zone)
        end_day = day + timedelta(days=1) if data["end_time"] == time(0) else day
        data["end"] = local_moment(end_day, data["end_time"], self.zone)
        return data


class BookingForm(PeriodForm):
    organization = forms.ModelChoiceField(
        label=_("For company"), queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Purpose"), max_length=120, required=False)
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=[("", _("Does not repeat"))] + list(Frequency.choices),
        required=False,
    )
    count = forms.IntegerField(
        label=_("Times"),
        required=False,
        min_value=1,
        help_text=_("For a repeating booking: how many times, or an end date."),
    )
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = companies
        self.order_fields(
            ["day", "start_time", "end_time", "organization", "title", "repeat"]
        )


class QualificationForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    equipment_type = forms.ModelChoiceField(label=_("Equipment type"), queryset=None)
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=DateInput()
    )
    lapse_months = forms.IntegerField(
        label=_("Lapses after this many months unused"),
        required=False,
        min_value=1,
        max_value=120,
    )

    def __init__(self, *args, people, equipment_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["equipment_type"].queryset = equipment_types


class AvailabilityForm(PeriodForm):
    capacity = forms.IntegerField(
        label=_("People"), min_value=1, max_value=10000, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Any"))] + list(ResourceKind.choices),
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Any"))] + list(Category.choices),
        required=False,
    )


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
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources
        self.fields["urgency"].initial = Urgency.NORMAL

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo
