"""Shared test fixtures: a multifactory with an owner, a member and an outsider,
plus a person of another multifactory, as every view and endpoint is tested for
who may and who may not."""

import os
from dataclasses import dataclass

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from multifactory.community import services
from multifactory.community.models import Multifactory, Organization, Person, Role

PASSWORD = "correct horse battery staple"

# Property tests (Hypothesis): real examples everywhere, fewer and repeatable in CI.
# HYPOTHESIS_PROFILE=thorough for a long local run before touching rules or tallies.
hypothesis_settings.register_profile("dev", max_examples=60, deadline=None)
hypothesis_settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
)
hypothesis_settings.register_profile("thorough", max_examples=1000, deadline=None)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@dataclass
class World:
    multifactory: Multifactory
    company: Organization  # the owner's and member's company
    neighbour: Organization  # another member company of the same multifactory
    founder: Person  # holds the founding mandate
    owner: Person  # representative of `company`
    member: Person  # plain member of `company`
    outsider: Person  # logged in, belongs to no company
    other_multifactory: Multifactory
    other_company: Organization
    other: Person  # representative of a company in the other multifactory

    def client_for(self, person: Person | None) -> Client:
        client = Client()
        if person is not None:
            client.force_login(person)
        return client


def make_person(email: str, name: str, **fields) -> Person:
    return Person.objects.create_user(email, PASSWORD, full_name=name, **fields)


def make_company(*, by: Person, multifactory: Multifactory, name: str, **fields):
    defaults = {
        "kind": "artisan",
        "sector": "C",
        "stage": "growing",
        "status": "member",
    }
    return services.organization_create(
        by=by, multifactory=multifactory, name=name, **(defaults | fields)
    )


@pytest.fixture
def world(db, settings) -> World:
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    founder = make_person("founder@example.org", "Giulia Founder")
    owner = make_person("owner@example.org", "Olga Owner")
    member = make_person("member@example.org", "Marco Member")
    outsider = make_person("outsider@example.org", "Otto Outsider")
    other = make_person("other@example.org", "Ada Other")

    multifactory = services.multifactory_create(
        by=founder, name="R84 Test", slug="r84-test"
    )
    company = make_company(
        by=founder,
        multifactory=multifactory,
        name="Atelier Uno",
        kind="artisan",
        sector="C",
        is_public=True,
    )
    neighbour = make_company(
        by=founder,
        multifactory=multifactory,
        name="Studio Due",
        kind="freelancer",
        sector="M",
        stage="starting",
    )
    services.membership_add(
        by=founder, organization=neighbour, person=founder, role=Role.REPRESENTATIVE
    )
    services.membership_add(
        by=founder, organization=company, person=owner, role=Role.REPRESENTATIVE
    )
    services.membership_add(by=owner, organization=company, person=member)

    other_multifactory = services.multifactory_create(
        by=other, name="Elsewhere", slug="elsewhere"
    )
    other_company = make_company(
        by=other, multifactory=other_multifactory, name="Far Away", is_public=True
    )
    services.membership_add(
        by=other, organization=other_company, person=other, role=Role.REPRESENTATIVE
    )
    return World(
        multifactory,
        company,
        neighbour,
        founder,
        owner,
        member,
        outsider,
        other_multifactory,
        other_company,
        other,
    )


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render {% static %} without a collectstatic manifest in tests."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests only need passwords that work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles(settings):
    """Each test starts with no throttle counted: a cache of this process only (the
    default cache is a folder shared by every process, xdist workers included),
    emptied before each test. Login lockouts live in the database and roll back."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "multifactory-tests",
        }
    }
    from django.core.cache import cache

    cache.clear()
