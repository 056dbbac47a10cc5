"""Forms of the top pages: founding a multifactory, the profile, API tokens,
accepting an invitation."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import CURRENCIES, Person

PASSWORDS_DIFFER = _("The two passwords differ: type the same password twice.")


class MultifactoryFoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.CharField(
        label=_("Short name in addresses"),
        max_length=60,
        required=False,
        help_text=_(
            "Lowercase letters, digits and hyphens, e.g. r84-mantua. "
            "Leave empty to derive it from the name."
        ),
    )
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="Europe/Rome",
        help_text=_("An IANA name like Europe/Rome."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="EUR")
    is_public = forms.BooleanField(
        label=_("List it publicly on the home page"), required=False, initial=True
    )


# A plain form, not a ModelForm: the person stays untouched until the service saves,
# so the audit trail records a true before/after.
ProfileForm = type(
    "ProfileForm",
    (forms.Form,),
    dict(fields_for_model(Person, fields=["full_name", "language"])),
)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What it is for, e.g. “door controller” or “my script”."),
    )


class InvitationNewcomerForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", PASSWORDS_DIFFER)
        elif data.get("password1"):
            # The same checks the service runs, here so they land on the field.
            person = Person(email=self.email, full_name=data.get("full_name", ""))
            try:
                validate_password(data["password1"], person)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
