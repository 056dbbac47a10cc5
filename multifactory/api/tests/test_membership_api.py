"""/api/v1/m/{slug}/companies/{org}/memberships."""

import pytest

from multifactory.api.testing import ApiClient, error_of
from multifactory.community import services
from multifactory.community.models import Membership, Role

from .helpers import MF, assert_constant_queries, client_as

MEMBERSHIPS = f"{MF}/companies/atelier-uno/memberships"


def _membership(world, person):
    return Membership.objects.get(organization=world.company, person=person)


@pytest.mark.django_db
class TestMembershipList:
    @pytest.mark.parametrize("role", ["founder", "owner", "member"])
    def test_members_see_who_works_in_a_company(self, world, role):
        response = client_as(world, role).get(MEMBERSHIPS)
        assert response.status_code == 200
        items = response.json()["items"]
        assert [(i["person"]["full_name"], i["role"]) for i in items] == [
            ("Olga Owner", "representative"),
            ("Marco Member", "member"),
        ]

    @pytest.mark.parametrize(
        "role,status", [("outsider", 403), ("other", 403), ("anonymous", 401)]
    )
    def test_nobody_else_may(self, world, role, status):
        assert client_as(world, role).get(MEMBERSHIPS).status_code == status

    def test_a_company_of_another_multifactory_is_not_found_here(self, world):
        response = ApiClient(world.member).get(f"{MF}/companies/far-away/memberships")
        assert response.status_code == 404

    def test_it_costs_the_same_queries_for_many_people(self, world):
        from .helpers import add_people

        api = ApiClient(world.member)
        path = f"{MF}/companies/studio-due/memberships"
        assert_constant_queries(
            lambda: api.get(path, limit=100), lambda n: add_people(world, n)
        )


@pytest.mark.django_db
class TestMembershipAdd:
    def test_a_representative_adds_a_person_of_the_multifactory(self, world):
        response = ApiClient(world.owner).post(
            MEMBERSHIPS, {"person_id": world.founder.pk, "role": "member"}
        )
        assert response.status_code == 201, response.json()
        assert response.json()["person"]["id"] == world.founder.pk
        assert _membership(world, world.founder).role == Role.MEMBER

    @pytest.mark.parametrize(
        "role,status",
        [("member", 403), ("outsider", 403), ("other", 403), ("anonymous", 401)],
    )
    def test_nobody_else_may(self, world, role, status):
        response = client_as(world, role).post(
            MEMBERSHIPS, {"person_id": world.founder.pk}
        )
        assert response.status_code == status
        assert not Membership.objects.filter(
            organization=world.company, person=world.founder
        ).exists()

    @pytest.mark.parametrize("who", ["outsider", "other"])
    def test_a_person_outside_the_multifactory_is_refused_on_the_field(
        self, world, who
    ):
        response = ApiClient(world.owner).post(
            MEMBERSHIPS, {"person_id": getattr(world, who).pk}
        )
        assert response.status_code == 422
        assert error_of(response)["fields"]["person_id"] == [
            "No such person in this multifactory."
        ]

    def test_a_person_already_in_the_company_is_refused(self, world):
        response = ApiClient(world.owner).post(
            MEMBERSHIPS, {"person_id": world.member.pk}
        )
        assert response.status_code == 422
        assert error_of(response)["message"] == str(services.ALREADY_MEMBER)


@pytest.mark.django_db
class TestMembershipRole:
    def test_a_representative_names_another_representative(self, world):
        membership = _membership(world, world.member)
        response = ApiClient(world.owner).patch(
            f"{MEMBERSHIPS}/{membership.pk}", {"role": "representative"}
        )
        assert response.status_code == 200, response.json()
        membership.refresh_from_db()
        assert membership.role == Role.REPRESENTATIVE

    def test_the_last_representative_cannot_step_down(self, world):
        membership = _membership(world, world.owner)
        response = ApiClient(world.owner).patch(
            f"{MEMBERSHIPS}/{membership.pk}", {"role": "member"}
        )
        assert response.status_code == 422
        assert error_of(response)["fields"]["role"] == [
            str(services.LAST_REPRESENTATIVE)
        ]

    @pytest.mark.parametrize(
        "role,status",
        [("member", 403), ("outsider", 403), ("other", 403), ("anonymous", 401)],
    )
    def test_nobody_else_may(self, world, role, status):
        membership = _membership(world, world.member)
        response = client_as(world, role).patch(
            f"{MEMBERSHIPS}/{membership.pk}", {"role": "representative"}
        )
        assert response.status_code == status

    def test_a_membership_of_another_company_is_not_found_here(self, world):
        other = Membership.objects.get(organization=world.other_company)
        response = ApiClient(world.owner).patch(
            f"{MEMBERSHIPS}/{other.pk}", {"role": "member"}
        )
        assert response.status_code == 404


@pytest.mark.django_db
class TestMembershipRemove:
    def test_a_representative_removes_a_person(self, world):
        membership = _membership(world, world.member)
        response = ApiClient(world.owner).delete(f"{MEMBERSHIPS}/{membership.pk}")
        assert response.status_code == 204
        assert not Membership.objects.filter(pk=membership.pk).exists()

    def test_a_person_leaves_a_company_themselves(self, world):
        membership = _membership(world, world.member)
        response = ApiClient(world.member).delete(f"{MEMBERSHIPS}/{membership.pk}")
        assert response.status_code == 204

    def test_a_member_cannot_remove_a_colleague(self, world):
        membership = _membership(world, world.owner)
        response = ApiClient(world.member).delete(f"{MEMBERSHIPS}/{membership.pk}")
        assert response.status_code == 403
        assert Membership.objects.filter(pk=membership.pk).exists()

    @pytest.mark.parametrize(
        "role,status", [("outsider", 403), ("other", 403), ("anonymous", 401)]
    )
    def test_nobody_outside_may(self, world, role, status):
        membership = _membership(world, world.member)
        response = client_as(world, role).delete(f"{MEMBERSHIPS}/{membership.pk}")
        assert response.status_code == status

    def test_a_membership_of_another_multifactory_is_not_found_here(self, world):
        other = Membership.objects.get(organization=world.other_company)
        response = ApiClient(world.founder).delete(f"{MEMBERSHIPS}/{other.pk}")
        assert response.status_code == 404
        assert Membership.objects.filter(pk=other.pk).exists()
