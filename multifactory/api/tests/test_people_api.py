"""/api/v1/me and /api/v1/m/{slug}/people."""

import pytest

from multifactory.api.testing import ApiClient, error_of
from multifactory.community.models import Membership, Person, Role

from .helpers import MF, add_people, assert_constant_queries, client_as

PEOPLE = f"{MF}/people"


@pytest.mark.django_db
class TestMe:
    def test_i_read_my_own_account(self, world):
        body = ApiClient(world.member).get("/api/v1/me").json()
        assert body == {
            "id": world.member.pk,
            "email": "member@example.org",
            "full_name": "Marco Member",
            "language": "en",
        }

    def test_i_change_my_name_and_language(self, world):
        response = ApiClient(world.member).patch(
            "/api/v1/me", {"full_name": "Marco M.", "language": "it"}
        )
        assert response.status_code == 200, response.json()
        world.member.refresh_from_db()
        assert (world.member.full_name, world.member.language) == ("Marco M.", "it")

    def test_an_unknown_language_is_named(self, world):
        response = ApiClient(world.member).patch("/api/v1/me", {"language": "xx"})
        assert response.status_code == 422
        assert "language" in error_of(response)["fields"]

    def test_my_e_mail_cannot_be_changed_here(self, world):
        response = ApiClient(world.member).patch(
            "/api/v1/me", {"email": "new@example.org"}
        )
        assert response.status_code == 422
        world.member.refresh_from_db()
        assert world.member.email == "member@example.org"

    def test_a_visitor_has_no_me(self, world):
        assert ApiClient(None).get("/api/v1/me").status_code == 401


@pytest.mark.django_db
class TestPeopleList:
    @pytest.mark.parametrize("role", ["founder", "owner", "member"])
    def test_members_list_the_people_of_the_multifactory(self, world, role):
        response = client_as(world, role).get(PEOPLE)
        assert response.status_code == 200
        names = [item["full_name"] for item in response.json()["items"]]
        assert names == ["Giulia Founder", "Marco Member", "Olga Owner"]

    def test_each_person_comes_with_their_companies_here(self, world):
        items = ApiClient(world.member).get(PEOPLE, search="olga").json()["items"]
        assert items[0]["memberships"] == [
            {
                "organization": "atelier-uno",
                "organization_name": "Atelier Uno",
                "role": "representative",
            }
        ]

    @pytest.mark.parametrize(
        "role,status", [("outsider", 403), ("other", 403), ("anonymous", 401)]
    )
    def test_nobody_else_may(self, world, role, status):
        assert client_as(world, role).get(PEOPLE).status_code == status

    def test_it_costs_the_same_queries_for_many_people(self, world):
        api = ApiClient(world.member)
        assert_constant_queries(
            lambda: api.get(PEOPLE, limit=100), lambda n: add_people(world, n)
        )


@pytest.mark.django_db
class TestPersonGet:
    def test_a_member_reads_a_colleague(self, world):
        response = ApiClient(world.member).get(f"{PEOPLE}/{world.founder.pk}")
        assert response.status_code == 200
        assert response.json()["memberships"][0]["organization"] == "studio-due"

    def test_a_person_of_another_multifactory_is_not_found_here(self, world):
        response = ApiClient(world.member).get(f"{PEOPLE}/{world.other.pk}")
        assert response.status_code == 404

    def test_a_person_of_no_company_is_not_found_here(self, world):
        response = ApiClient(world.member).get(f"{PEOPLE}/{world.outsider.pk}")
        assert response.status_code == 404

    @pytest.mark.parametrize(
        "role,status", [("outsider", 403), ("other", 403), ("anonymous", 401)]
    )
    def test_nobody_else_may(self, world, role, status):
        response = client_as(world, role).get(f"{PEOPLE}/{world.member.pk}")
        assert response.status_code == status


def test_people_helper_adds_members(db, world):
    add_people(world, 2)
    assert (
        Membership.objects.filter(
            organization=world.neighbour, role=Role.MEMBER
        ).count()
        == 2
    )
    assert Person.objects.filter(email__startswith="person-").count() == 2
