"""`multifactory create_multifactory`: found a multifactory from the command line."""

import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from multifactory.audit.services import audit_record
from multifactory.community import services
from multifactory.community.models import CURRENCIES, Person

BAD_EMAIL = "“{email}” is not an e-mail address."


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(map(str, messages))}"
            if field != "__all__"
            else " ".join(map(str, messages))
            for field, messages in error.message_dict.items()
        )
    return " ".join(map(str, error.messages))


def _password_link(person: Person) -> str:
    """The page where the founder sets a password of their own (valid for
    PASSWORD_RESET_TIMEOUT, three days by default)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return settings.SITE_URL + path


class Command(BaseCommand):
    help = (
        "Create a multifactory and give its founder the founding mandate. The founder "
        "is created when no person has this e-mail yet, with a generated password "
        "printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="e.g. “R84 Mantova”")
        parser.add_argument(
            "--slug", default="", help="short name in addresses, e.g. r84 (/m/r84/)"
        )
        parser.add_argument("--founder-email", required=True)
        parser.add_argument(
            "--founder-name", default="", help="full name, for a new person"
        )
        parser.add_argument(
            "--time-zone", default="Europe/Rome", help="IANA name, e.g. Europe/Rome"
        )
        parser.add_argument(
            "--currency",
            default="EUR",
            help="ISO code: " + ", ".join(code for code, _label in CURRENCIES),
        )

    def handle(self, *args, **options):
        email = options["founder_email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(BAD_EMAIL.format(email=email)) from None
        if not options["name"].strip():
            raise CommandError("Give the multifactory a --name.")
        try:
            with transaction.atomic():
                founder, password = self._founder(email, options["founder_name"])
                multifactory = services.multifactory_create(
                    by=founder,
                    name=options["name"].strip(),
                    slug=options["slug"].strip(),
                    time_zone=options["time_zone"],
                    currency=options["currency"].upper(),
                )
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {multifactory.name} at /m/{multifactory.slug}/; "
                f"{founder.full_name} <{founder.email}> holds the founding mandate."
            )
        )
        if password:
            self.stdout.write(
                f"New account {founder.email}, password: {password}\n"
                "It is shown only this once. To choose another one, open "
                f"{_password_link(founder)}"
            )

    def _founder(self, email: str, full_name: str) -> tuple[Person, str]:
        """The existing person with this e-mail, or a new one with a new password."""
        person = Person.objects.filter(email__iexact=email).first()
        if person is not None:
            return person, ""
        password = secrets.token_urlsafe(12)
        person = Person(
            email=email,
            full_name=full_name.strip()
            or email.split("@")[0].replace(".", " ").title(),
        )
        person.set_password(password)
        person.full_clean()
        person.save()
        audit_record(
            by=person,
            action="person.created",
            target=person,
            changes={"email": email, "source": "create_multifactory"},
        )
        return person, password
