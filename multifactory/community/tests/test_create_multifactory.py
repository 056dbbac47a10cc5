"""`multifactory create_multifactory`: founding a multifactory from the command line."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from multifactory import cli
from multifactory.audit.models import AuditEvent
from multifactory.community.models import Mandate, MandateKind, Multifactory, Person


def create(*args: str) -> str:
    out = StringIO()
    call_command("create_multifactory", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_founder_with_a_password_printed_once(db):
    output = create(
        "--name",
        "Infatti9",
        "--slug",
        "infatti9",
        "--founder-email",
        "Ada@Example.org",
        "--founder-name",
        "Ada Rossi",
        "--time-zone",
        "Europe/Zurich",
        "--currency",
        "chf",
    )

    multifactory = Multifactory.objects.get(slug="infatti9")
    assert (multifactory.name, multifactory.time_zone, multifactory.currency) == (
        "Infatti9",
        "Europe/Zurich",
        "CHF",
    )
    founder = Person.objects.get(email="ada@example.org")
    assert founder.full_name == "Ada Rossi"
    password = re.search(r"password: (\S+)", output).group(1)
    assert founder.check_password(password)
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+)", output).group(1)
    page = Client().get(link, follow=True)
    assert page.status_code == 200
    assert page.context["validlink"] is True
    mandate = Mandate.objects.get(multifactory=multifactory)
    assert (mandate.person, mandate.kind) == (founder, MandateKind.FOUNDER)
    assert AuditEvent.objects.filter(action="person.created", actor=founder).exists()
    assert AuditEvent.objects.filter(
        action="multifactory.created", multifactory=multifactory, actor=founder
    ).exists()


def test_it_reuses_an_existing_person_and_keeps_their_password(world):
    output = create("--name", "Second Home", "--founder-email", "OWNER@example.org")

    multifactory = Multifactory.objects.get(slug="second-home")
    assert Mandate.objects.get(multifactory=multifactory).person == world.owner
    assert "password" not in output
    world.owner.refresh_from_db()
    assert world.owner.check_password("correct horse battery staple")


def test_it_refuses_an_address_already_taken_and_creates_nobody(world):
    with pytest.raises(CommandError, match="Another multifactory already uses"):
        create(
            "--name",
            "Again",
            "--slug",
            "r84-test",
            "--founder-email",
            "new@example.org",
        )

    assert not Person.objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--time-zone", "Mars/Olympus", "is not a time zone"),
        ("--currency", "XYZ", "currency"),
        ("--slug", "Not A Slug", "Use lowercase letters"),
    ],
)
def test_it_explains_a_bad_value(db, option, value, message):
    with pytest.raises(CommandError, match=message):
        create("--name", "Nuova", "--founder-email", "x@example.org", option, value)

    assert not Multifactory.objects.exists()
    assert not Person.objects.exists()


def test_it_refuses_a_founder_email_that_is_not_one(db):
    with pytest.raises(CommandError, match="is not an e-mail address"):
        create("--name", "Nuova", "--founder-email", "nobody")


def test_the_command_line_exits_with_an_error_status(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(
            [
                "multifactory",
                "create_multifactory",
                "--name",
                "Nuova",
                "--founder-email",
                "x@example.org",
                "--time-zone",
                "Nowhere",
            ]
        )

    assert exit_info.value.code != 0
    assert "is not a time zone" in capsys.readouterr().err
