import pytest
from django.urls import reverse

from conftest import make_company
from multifactory.audit.models import AuditEvent
from multifactory.community.access import NOT_A_REPRESENTATIVE
from multifactory.community.models import Organization
from multifactory.community.services import ORG_NAME_TAKEN, ORG_SLUG_TAKEN


def url(world, name="organization", org=None, **kwargs):
    return reverse(
        f"community:{name}",
        kwargs={"mf": world.multifactory.slug, "org": org or world.company.slug}
        | kwargs,
    )


PROFILE = {"name": "Atelier Uno", "legal_name": "Atelier Uno srl", "kind": "artisan",
           "sector": "C", "stage": "growing", "produces": "Dresses", "description": "",
           "website": "", "is_public": "on"}  # fmt: skip


def test_visitors_see_a_public_profile_without_its_people(world):
    response = world.client_for(None).get(url(world))
    assert response.status_code == 200
    assert b'id="company-people"' not in response.content
    assert b"Marco Member" not in response.content


def test_visitors_cannot_see_a_private_profile(world):
    response = world.client_for(world.other).get(url(world, org=world.neighbour.slug))
    assert response.status_code == 404


def test_members_see_the_people_with_representatives_marked(world):
    content = world.client_for(world.member).get(url(world)).content.decode()
    assert "Marco Member" in content and "Olga Owner" in content
    assert 'class="tag tag-rep">Representative' in content
    assert 'id="invitation-form"' not in content  # a plain member cannot invite


def test_the_representative_sees_the_management_forms(world):
    content = world.client_for(world.owner).get(url(world)).content.decode()
    assert 'id="invitation-form"' in content
    assert 'id="edit-profile-link"' in content
    assert 'id="status-form"' not in content  # needs the founder mandate


def test_a_company_of_another_multifactory_is_not_found_here(world):
    response = world.client_for(world.other).get(
        url(world, org=world.other_company.slug)
    )
    assert response.status_code == 404


def test_the_representative_edits_the_profile(world):
    response = world.client_for(world.owner).post(
        url(world, "organization_edit"), PROFILE
    )
    assert response.status_code == 302
    world.company.refresh_from_db()
    assert world.company.produces == "Dresses"
    event = AuditEvent.objects.filter(action="organization.updated").latest("id")
    assert event.actor == world.owner and event.mandate is None
    assert event.changes == {"legal_name": ["", "Atelier Uno srl"],
                             "produces": ["", "Dresses"]}  # fmt: skip


@pytest.mark.parametrize("who", ["member", "outsider", "other"])
def test_nobody_else_edits_the_profile(world, who):
    response = world.client_for(getattr(world, who)).post(
        url(world, "organization_edit"), PROFILE
    )
    assert response.status_code == 403
    world.company.refresh_from_db()
    assert world.company.produces == ""


def test_a_plain_member_is_told_who_may_edit(world):
    response = world.client_for(world.member).get(url(world, "organization_edit"))
    assert str(NOT_A_REPRESENTATIVE) in response.content.decode()


def test_a_name_taken_by_another_company_is_refused_politely(world):
    response = world.client_for(world.owner).post(
        url(world, "organization_edit"), PROFILE | {"name": "studio due"}
    )
    assert response.status_code == 400
    assert str(ORG_NAME_TAKEN) in response.content.decode()


def test_the_founder_records_a_company(world):
    response = world.client_for(world.founder).post(
        reverse(
            "community:organization_create", kwargs={"mf": world.multifactory.slug}
        ),
        PROFILE | {"name": "Terzo Lab", "slug": "", "status": "member"},
    )
    organization = Organization.objects.get(name="Terzo Lab")
    assert response.status_code == 302
    assert response.url == organization.get_absolute_url()
    assert organization.multifactory == world.multifactory
    assert organization.status == "member"


def test_a_duplicate_company_address_is_refused_on_the_field(world):
    response = world.client_for(world.founder).post(
        reverse(
            "community:organization_create", kwargs={"mf": world.multifactory.slug}
        ),
        PROFILE | {"name": "Other name", "slug": "atelier-uno", "status": "member"},
    )
    assert response.status_code == 400
    assert "slug" in response.context["form"].errors or str(ORG_SLUG_TAKEN) in (
        response.content.decode()
    )


@pytest.mark.parametrize("who", ["owner", "member", "outsider", "other"])
def test_only_the_founder_records_a_company(world, who):
    response = world.client_for(getattr(world, who)).post(
        reverse(
            "community:organization_create", kwargs={"mf": world.multifactory.slug}
        ),
        PROFILE | {"name": "Sneaky", "status": "member"},
    )
    assert response.status_code == 403
    assert not Organization.objects.filter(name="Sneaky").exists()


def test_the_founder_changes_a_company_status(world):
    response = world.client_for(world.founder).post(
        url(world, "organization_status"), {"status": "leaving"}
    )
    assert response.status_code == 302
    world.company.refresh_from_db()
    assert world.company.status == "leaving"
    event = AuditEvent.objects.filter(action="organization.status_changed").latest("id")
    assert event.mandate is not None


def test_a_status_that_cannot_follow_is_refused_on_the_field(world):
    response = world.client_for(world.founder).post(
        url(world, "organization_status"), {"status": "applicant"}
    )
    assert response.status_code == 400
    assert "status" in response.context["status_form"].errors


@pytest.mark.parametrize("who", ["owner", "member", "outsider", "other"])
def test_nobody_else_changes_a_status(world, who):
    response = world.client_for(getattr(world, who)).post(
        url(world, "organization_status"), {"status": "former"}
    )
    assert response.status_code in {403, 404}
    world.company.refresh_from_db()
    assert world.company.status == "member"


def test_a_former_company_is_listed_for_members_only_when_asked(world):
    make_company(by=world.founder, multifactory=world.multifactory, name="Gone",
                 status="member")  # fmt: skip
    gone = Organization.objects.get(name="Gone")
    world.client_for(world.founder).post(
        url(world, "organization_status", org=gone.slug), {"status": "former"}
    )
    gone.refresh_from_db()
    assert gone.status == "former"
