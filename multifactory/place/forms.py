"""Forms of the place pages: they parse local wall-clock input into aware datetimes;
the rules are checked by the services."""

import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import Organization
from multifactory.core.forms import DayField
from multifactory.core.money import MoneyField
from multifactory.place.models import (
    BookingRule,
    Category,
    Frequency,
    ResourceKind,
    ResourceStatus,
)
from multifactory.place.services import RULE_FIELDS

END_NOT_AFTER_START = _("The end comes before the start: choose a later end.")
OPENING_LINE_FORMAT = _(
    "Line %(number)s is not “weekday HH:MM HH:MM”, e.g. “0 08:00 20:00”."
)
OPENING_WEEKDAY = _(
    "Line %(number)s: the weekday is a number from 0 (Monday) to 6 (Sunday)."
)
OPENING_TIMES = _(
    "Line %(number)s: times go from 00:00 to 24:00, and closing comes after opening."
)
NOT_A_DAY = _("“%(text)s” is not a date: write days as YYYY-MM-DD.")


class MoneyForm(forms.Form):
    """A form with amounts typed in the multifactory's `currency` (in the person's
    locale, in major units); it hands them to the services in minor units."""

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, MoneyField):
                field.currency = currency
                field.label = format_lazy("{} ({})", field.label, currency)

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, MoneyField) and data.get(name) is not None:
                data[name] = data[name].minor_units
        return data


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

    day = DayField(label=_("Day"), widget=DateInput())
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
    until = DayField(label=_("Until"), required=False, widget=DateInput())
    skip = forms.CharField(
        label=_("Except on"),
        required=False,
        max_length=2000,
        help_text=_(
            "Days of the series to leave out, e.g. 2027-04-06, 2027-04-13 (a holiday)."
        ),
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = companies
        self.order_fields(
            ["day", "start_time", "end_time", "organization", "title", "repeat"]
        )

    def clean_skip(self) -> list[date]:
        days = []
        for text in self.cleaned_data["skip"].replace(",", " ").split():
            try:
                days.append(date.fromisoformat(text))
            except ValueError:
                raise forms.ValidationError(
                    NOT_A_DAY, params={"text": text[:20]}
                ) from None
        return days


class QualificationForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    equipment_type = forms.ModelChoiceField(label=_("Equipment type"), queryset=None)
    expires_on = DayField(label=_("Expires on"), required=False, widget=DateInput())
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
        fields = RULE_FIELDS

    def clean_opening(self):
        hours = []
        for number, line in enumerate(self.cleaned_data["opening"].splitlines(), 1):
            if not line.strip():
                continue
            match = OPENING_LINE.fullmatch(line.strip())
            if match is None:
                raise forms.ValidationError(
                    OPENING_LINE_FORMAT, params={"number": number}
                )
            day, opens, closes = (
                int(match["day"]),
                _minutes(match["opens"]),
                _minutes(match["closes"]),
            )
            if day > 6:
                raise forms.ValidationError(OPENING_WEEKDAY, params={"number": number})
            if opens is None or closes is None or not opens < closes <= 24 * 60:
                raise forms.ValidationError(OPENING_TIMES, params={"number": number})
            hours.append((day, opens, closes))
        return hours


# ASCII digits only: "٣" and "²" are digits to Python but not weekdays or hours.
OPENING_LINE = re.compile(
    r"(?P<day>[0-9])\s+(?P<opens>[0-9]{1,2}:[0-9]{2})\s+(?P<closes>[0-9]{1,2}:[0-9]{2})",
    re.ASCII,
)


def _minutes(text: str) -> int | None:
    """Minutes after midnight of "HH:MM" (00:00–24:00), or None."""
    hours, minutes = (int(part) for part in text.split(":"))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


def opening_lines(rule) -> str:
    return "\n".join(
        f"{row.weekday} {row.opens_minute // 60:02d}:{row.opens_minute % 60:02d} "
        f"{row.closes_minute // 60:02d}:{row.closes_minute % 60:02d}"
        for row in rule.opening_hours.all()
    )


# Managing the place (keys keeper) ----------------------------------------------------


class EquipmentTypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    requires_qualification = forms.BooleanField(
        label=_("Needs a qualification"),
        required=False,
        help_text=_("Only qualified people may book equipment of this type."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ResourceForm(MoneyForm):
    """What the keys keeper changes on a resource; equipment also gets its type,
    location and lender."""

    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ResourceStatus.choices)
    capacity = forms.IntegerField(
        label=_("Capacity (people)"), min_value=0, max_value=100000, required=False
    )
    hourly_cost = MoneyField(label=_("Hourly cost"), max_value=10_000_000)
    equipment_type = forms.ModelChoiceField(
        label=_("Equipment type"), queryset=None, required=False
    )
    located_in = forms.ModelChoiceField(
        label=_("Located in"), queryset=None, required=False
    )
    lent_by = forms.ModelChoiceField(
        label=_("Lent by"),
        queryset=None,
        required=False,
        empty_label=_("Nobody: owned in common"),
    )

    def __init__(self, *args, resource, equipment_types, spaces, companies, **kwargs):
        super().__init__(*args, **kwargs)
        if resource.kind == ResourceKind.EQUIPMENT:
            self.fields["equipment_type"].queryset = equipment_types
            self.fields["located_in"].queryset = spaces
            self.fields["lent_by"].queryset = companies
        else:
            for name in ("equipment_type", "located_in", "lent_by"):
                del self.fields[name]


class AssignmentEndForm(forms.Form):
    ends_on = DayField(label=_("Last day"), widget=DateInput())
