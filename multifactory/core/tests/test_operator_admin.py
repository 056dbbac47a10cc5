"""Issue 7, finding 9: the operator admin at /operator/ registers the models an
operator needs (before: none), read-only where a community's decisions own the data,
and never the secret ballot choices."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from multifactory.audit.models import AuditEvent
from multifactory.community.models import Mandate, Person
from multifactory.governance.models import Ballot, BallotRevision, SecretChoice


@pytest.fixture
def operator(world) -> Client:
    person = Person.objects.create_superuser(
        "operator@example.org", "operator password 77", full_name="Olivia Operator"
    )
    client = Client()
    client.force_login(person)
    return client


def _admin_url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def test_the_operator_finds_the_community_governance_place_and_audit(operator):
    index = operator.get("/operator/").content.decode()
    for label in ("Multifactories", "People", "Mandates", "Audit", "Decisions"):
        assert label.lower() in index.lower(), label
    assert "Incidents".lower() in index.lower()


def test_every_registered_list_opens(operator):
    for model in admin.site._registry:
        response = operator.get(_admin_url(model, "changelist"))
        assert response.status_code == 200, model


@pytest.mark.parametrize("model", [AuditEvent, Mandate])
def test_what_the_community_decided_is_read_only(world, operator, model):
    row = model.objects.filter(multifactory=world.multifactory).first()
    url = _admin_url(model, "change", row.pk)

    page = operator.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert operator.post(url, {}).status_code == 403
    assert (
        operator.post(_admin_url(model, "delete", row.pk), {"post": "yes"}).status_code
        == 403
    )
    assert operator.get(_admin_url(model, "add")).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_secret_ballot_choices_are_never_registered():
    for model in (Ballot, BallotRevision, SecretChoice):
        assert not admin.site.is_registered(model), model


def test_the_operator_manages_accounts_without_seeing_passwords(world, operator):
    url = _admin_url(Person, "change", world.member.pk)
    page = operator.get(url).content.decode()
    assert 'name="is_active"' in page
    assert world.member.password not in page

    operator.post(
        url,
        {
            "email": world.member.email,
            "full_name": world.member.full_name,
            "language": world.member.language,
            "is_staff": "",
            "is_superuser": "",
        },
    )
    world.member.refresh_from_db()
    assert world.member.is_active is False


def test_members_are_not_operators(world):
    response = world.client_for(world.founder).get("/operator/")
    assert response.status_code == 302
    assert "/operator/login/" in response["Location"]
