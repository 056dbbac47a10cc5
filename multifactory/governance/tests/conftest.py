from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_company, make_person
from multifactory.community import services as community
from multifactory.community.models import Role
from multifactory.governance import services


@pytest.fixture(autouse=True)
def fast_pages(settings):
    """Cheap password hashing for the world's accounts; pages without a manifest."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }


@pytest.fixture
def applicant(world):
    return make_company(
        by=world.founder,
        multifactory=world.multifactory,
        name="Tessitura Tre",
        kind="cooperative",
        sector="C",
        status="applicant",
    )


@pytest.fixture
def call(world):
    """An open call of the facilitator (the founder), a month before its deadline."""
    return services.open_call_publish(
        by=world.founder,
        multifactory=world.multifactory,
        title="Two workshops free",
        who_we_look_for="Makers who **share**.",
        deadline=timezone.localdate() + timedelta(days=30),
        available_units="Two workshops of 80 m²",
    )


@pytest.fixture
def second_rep(world):
    """Another representative of world.company, for the two-at-once cases."""
    person = make_person("second@example.org", "Sara Second")
    community.membership_add(
        by=world.owner,
        organization=world.company,
        person=person,
        role=Role.REPRESENTATIVE,
    )
    return person


def open_proposal(world, **fields):
    defaults = {
        "by": world.owner,
        "multifactory": world.multifactory,
        "title": "Buy a shared laser cutter",
        "method": "majority",
        "closes_at": timezone.now() + timedelta(days=7),
        "quorum_percent": 50,
        "open_now": True,
    }
    return services.proposal_create(**(defaults | fields))


def both_companies_vote_yes(world, proposal) -> None:
    """world.company (by its owner) and world.neighbour (by the founder) vote yes."""
    for person, company in [
        (world.owner, world.company),
        (world.founder, world.neighbour),
    ]:
        services.ballot_cast(
            by=person, proposal=proposal, organization=company, choice={"vote": "yes"}
        )


def begin(assembly):
    """Move a convened assembly's start an hour into the past (the notice rule keeps
    a new one at least a week ahead), so its attendance can be recorded."""
    from multifactory.governance.models import Assembly

    now = timezone.now()
    fields = {"starts_at": now - timedelta(hours=2)}
    if assembly.second_call_at is not None:
        fields["second_call_at"] = now - timedelta(hours=1)
    Assembly.objects.filter(pk=assembly.pk).update(**fields)
    assembly.refresh_from_db()
    return assembly


def hold_assembly(world, proposal, *, present):
    """An assembly with `proposal` on its agenda, held with `present` companies."""
    assembly = services.assembly_convene(
        by=world.founder,
        multifactory=world.multifactory,
        title="Assembly voting",
        starts_at=timezone.now() + timedelta(days=8),
    )
    services.agenda_item_add(
        by=world.founder, assembly=assembly, title="", proposal=proposal
    )
    return services.attendance_record(
        by=world.founder, assembly=begin(assembly), present=present
    )
