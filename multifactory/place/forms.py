"""Forms of the place pages: they parse local wall-clock input into aware datetimes;
the rules are checked by the services."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import Organization
from multifactory.place.models import (
    BookingRule,
    Category,
    Frequency,
    ResourceKind,
    Urgency,
)

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


class KeyIssueForm(forms.Form):
    key = forms.ModelChoiceField(label=_("Key or badge"), queryset=None)
    holder = forms.ModelChoiceField(label=_("Holder"), queryset=None)
    deposit_paid = forms.IntegerField(
        label=_("Deposit paid (cents)"), min_value=0, initial=0
    )

    def __init__(self, *args, keys, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].queryset = keys
        self.fields["holder"].queryset = people


class RuleForm(forms.ModelForm):
    """The booking rules of one resource, as the keys keeper edits them."""

    opening = forms.CharField(
        label=_("Opening hours"),
        help_text=_(
            "One line per interval: weekday (0 = Monday … 6 = Sunday), opening and "
            "closing time, e.g. “0 08:00 20:00”; “24:00” closes at midnight."
        ),
        widget=forms.Textarea(attrs={"rows": 7}),
    )

    class Meta:
        model = BookingRule
        fields = [
            "slot_minutes",
            "min_minutes",
            "max_minutes",
            "window_days",
            "buffer_minutes",
            "quota_week_hours",
            "quota_month_hours",
            "approval_required",
            "approver",
            "cancel_hours",
            "who",
        ]

    def clean_opening(self):
        hours = []
        for number, line in enumerate(self.cleaned_data["opening"].splitlines(), 1):
            if not line.strip():
                continue
            try:
                day, opens, closes = line.split()
                hours.append((int(day), _minutes(opens), _minutes(closes)))
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(number)s is not “weekday HH:MM HH:MM”."),
                    params={"number": number},
                ) from None
        return hours


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def opening_lines(rule) -> str:
    return "\n".join(
        f"{row.weekday} {row.opens_minute // 60:02d}:{row.opens_minute % 60:02d} "
        f"{row.closes_minute // 60:02d}:{row.closes_minute % 60:02d}"
        for row in rule.opening_hours.all()
    )
