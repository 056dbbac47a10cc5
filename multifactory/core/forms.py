"""Form pieces every app uses: the one way a service's error reaches a form, and
fields for days and rows typed by people."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from multifactory.core.inputs import row_id, validate_day


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`: on the field it names when the
    form has that field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


def message_service_errors(request: HttpRequest, error: ValidationError) -> None:
    """Show a service's ValidationError after a button that has no form of its own
    (vote, open, revoke…): each message on the page the view redirects to."""
    for message in error.messages:
        messages.error(request, message)


class DayField(forms.DateField):
    """A date a person types: only years the calendar arithmetic can handle
    (1900–2999), so year 1 or 9999 is a form error, not an overflow."""

    default_validators = [validate_day]


class RowsField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id. Django checks each id alone but then asks the
    database for all of them at once, where an id beyond 64 bits overflows (SQLite)
    or is refused (PostgreSQL): refuse anything but row ids first."""

    def _check_values(self, value):
        for pk in value:
            if row_id(str(pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # private, not in the stubs
