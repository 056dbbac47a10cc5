import pytest
from django.urls import reverse

from conftest import make_company, make_person
from multifactory.audit.models import AuditEvent
from multifactory.community import services
from multifactory.community.models import Mandate, MandateKind
from multifactory.community.services import NOT_IN_COMMUNITY
from multifactory.core.tests.queries import assert_constant_queries


def url(world, name="mandates", **kwargs):
    return reverse(f"community:{name}", kwargs={"mf": world.multifactory.slug} | kwargs)


@pytest.mark.parametrize("who", ["founder", "owner", "member"])
def test_members_see_the_mandates(world, who):
    response = world.client_for(getattr(world, who)).get(url(world))
    assert response.status_code == 200
    assert [m.kind for m in response.context["active"]] == [MandateKind.FOUNDER]


@pytest.mark.parametrize("who", ["outsider", "other"])
def test_others_may_not_see_the_mandates(world, who):
    assert world.client_for(getattr(world, who)).get(url(world)).status_code == 403


def test_only_the_founder_sees_the_grant_form(world):
    assert b'id="grant-form"' in world.client_for(world.founder).get(url(world)).content
    assert (
        b'id="grant-form"' not in world.client_for(world.owner).get(url(world)).content
    )


def test_the_founder_grants_a_mandate(world):
    response = world.client_for(world.founder).post(
        url(world, "mandate_grant"),
        {"person": world.owner.pk, "kind": "treasurer", "scope": "the accounts"},
    )
    assert response.status_code == 302
    mandate = Mandate.objects.get(person=world.owner, kind="treasurer")
    assert mandate.multifactory == world.multifactory
    event = AuditEvent.objects.filter(action="mandate.granted").latest("id")
    assert event.mandate.kind == MandateKind.FOUNDER


def test_a_person_outside_the_community_cannot_receive_a_mandate(world):
    response = world.client_for(world.founder).post(
        url(world, "mandate_grant"), {"person": world.other.pk, "kind": "treasurer"}
    )
    assert response.status_code == 400
    assert "person" in response.context["grant_form"].errors
    assert not Mandate.objects.filter(person=world.other, kind="treasurer").exists()


def test_a_custom_mandate_needs_a_title(world):
    response = world.client_for(world.founder).post(
        url(world, "mandate_grant"), {"person": world.owner.pk, "kind": "custom"}
    )
    assert response.status_code == 400
    assert response.context["grant_form"].errors


def test_an_end_before_the_start_is_refused(world):
    response = world.client_for(world.founder).post(
        url(world, "mandate_grant"),
        {
            "person": world.owner.pk,
            "kind": "trainer",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
        },  # fmt: skip
    )
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["owner", "member", "outsider", "other"])
def test_nobody_else_grants_mandates(world, who):
    response = world.client_for(getattr(world, who)).post(
        url(world, "mandate_grant"), {"person": world.member.pk, "kind": "treasurer"}
    )
    assert response.status_code == 403
    assert not Mandate.objects.filter(kind="treasurer").exists()


def test_the_founder_revokes_a_mandate_and_it_moves_to_the_past(world):
    mandate = services.mandate_grant(
        by=world.founder, multifactory=world.multifactory, person=world.owner,
        kind="trainer",
    )  # fmt: skip
    client = world.client_for(world.founder)
    response = client.post(
        url(world, "mandate_revoke", pk=mandate.pk), {"reason": "done"}
    )
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.revoked_reason == "done"
    page = client.get(url(world))
    assert mandate in page.context["past"]


def test_a_mandate_of_another_multifactory_cannot_be_revoked_from_here(world):
    foreign = Mandate.objects.get(multifactory=world.other_multifactory)
    response = world.client_for(world.founder).post(
        url(world, "mandate_revoke", pk=foreign.pk)
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_a_member_cannot_revoke(world):
    mandate = Mandate.objects.get(multifactory=world.multifactory)
    response = world.client_for(world.owner).post(
        url(world, "mandate_revoke", pk=mandate.pk)
    )
    assert response.status_code == 403


def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries):
    client = world.client_for(world.founder)

    def grow():
        for n in range(6):
            person = make_person(f"t{n}@example.org", f"Trainer {n}")
            services.membership_add(by=world.founder, organization=world.neighbour,
                                    person=person)  # fmt: skip
            services.mandate_grant(by=world.founder, multifactory=world.multifactory,
                                   person=person, kind="trainer")  # fmt: skip

    assert_constant_queries(
        django_assert_num_queries, lambda: client.get(url(world)), grow
    )


def test_a_person_of_an_applicant_company_is_refused_with_the_rule(world):
    hopeful = make_company(by=world.founder, multifactory=world.multifactory,
                           name="Hopeful", status="applicant")  # fmt: skip
    newcomer = make_person("new@example.org", "Nuovo Arrivo")
    services.membership_add(by=world.founder, organization=hopeful, person=newcomer)
    response = world.client_for(world.founder).post(
        url(world, "mandate_grant"), {"person": newcomer.pk, "kind": "treasurer"}
    )
    assert response.status_code == 400
    assert str(NOT_IN_COMMUNITY) in response.context["grant_form"].errors["person"]
