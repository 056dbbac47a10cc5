"""/api/v1/m/{slug}/companies: the member directory and company profiles."""

import pytest

from multifactory.api.testing import ApiClient, error_of
from multifactory.audit.models import AuditEvent
from multifactory.community import services
from multifactory.community.models import Organization

from .helpers import MF, assert_constant_queries, client_as

DIRECTORY = f"{MF}/companies"
COMPANY = f"{DIRECTORY}/atelier-uno"
NEIGHBOUR = f"{DIRECTORY}/studio-due"  # not public


def _names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["name"] for item in response.json()["items"]]


@pytest.mark.django_db
class TestDirectory:
    @pytest.mark.parametrize("role", ["anonymous", "outsider", "other"])
    def test_people_outside_see_only_public_profiles(self, world, role):
        assert _names(client_as(world, role).get(DIRECTORY)) == ["Atelier Uno"]

    @pytest.mark.parametrize("role", ["founder", "owner", "member"])
    def test_members_see_every_active_company(self, world, role):
        names = _names(client_as(world, role).get(DIRECTORY))
        assert names == ["Atelier Uno", "Studio Due"]

    def test_it_counts_the_people_of_each_company(self, world):
        items = ApiClient(world.member).get(DIRECTORY).json()["items"]
        assert {item["slug"]: item["people_count"] for item in items} == {
            "atelier-uno": 2,
            "studio-due": 1,
        }

    def test_it_filters_by_kind_sector_stage_and_search(self, world):
        api = ApiClient(world.member)
        assert _names(api.get(DIRECTORY, kind="freelancer")) == ["Studio Due"]
        assert _names(api.get(DIRECTORY, sector="C")) == ["Atelier Uno"]
        assert _names(api.get(DIRECTORY, stage="starting")) == ["Studio Due"]
        assert _names(api.get(DIRECTORY, search="atel")) == ["Atelier Uno"]

    def test_members_may_list_applicants(self, world):
        services.organization_create(
            by=world.founder,
            multifactory=world.multifactory,
            name="Hopeful",
            kind="startup",
            sector="J",
            stage="starting",
            is_public=True,
        )
        assert _names(ApiClient(world.member).get(DIRECTORY, status="applicant")) == [
            "Hopeful"
        ]
        # A visitor never sees applicants, whatever they ask for.
        assert _names(ApiClient(None).get(DIRECTORY, status="applicant")) == [
            "Atelier Uno"
        ]

    def test_an_unknown_kind_is_a_field_error(self, world):
        response = ApiClient(world.member).get(DIRECTORY, kind="pirate")
        assert response.status_code == 422
        assert "kind" in error_of(response)["fields"]

    def test_it_never_lists_companies_of_another_multifactory(self, world):
        names = _names(ApiClient(world.other).get(DIRECTORY, search="far"))
        assert names == []

    def test_it_costs_the_same_queries_for_many_companies(self, world):
        api = ApiClient(world.member)

        def add(n):
            for _ in range(n):
                count = Organization.objects.count()
                services.organization_create(
                    by=world.founder,
                    multifactory=world.multifactory,
                    name=f"Company {count}",
                    kind="sme",
                    sector="C",
                    stage="mature",
                    status="member",
                )

        assert_constant_queries(lambda: api.get(DIRECTORY, limit=100), add)


@pytest.mark.django_db
class TestCompanyGet:
    @pytest.mark.parametrize("role", ["anonymous", "outsider", "other", "member"])
    def test_a_public_profile_is_readable_by_anyone(self, world, role):
        response = client_as(world, role).get(COMPANY)
        assert response.status_code == 200
        assert response.json()["people_count"] == 2

    @pytest.mark.parametrize("role", ["anonymous", "outsider", "other"])
    def test_a_private_profile_is_hidden_from_people_outside(self, world, role):
        assert client_as(world, role).get(NEIGHBOUR).status_code == 404

    def test_members_read_private_profiles(self, world):
        assert ApiClient(world.member).get(NEIGHBOUR).status_code == 200

    def test_a_company_of_another_multifactory_is_not_found_here(self, world):
        response = ApiClient(world.other).get(f"{DIRECTORY}/far-away")
        assert response.status_code == 404


@pytest.mark.django_db
class TestCompanyCreate:
    payload = {"name": "Forge", "kind": "artisan", "sector": "C", "stage": "starting"}

    def test_the_founder_records_a_company(self, world):
        response = ApiClient(world.founder).post(DIRECTORY, self.payload)
        assert response.status_code == 201, response.json()
        assert response.json()["status"] == "applicant"
        assert response.json()["slug"] == "forge"

    @pytest.mark.parametrize(
        "role,status",
        [
            ("owner", 403),
            ("member", 403),
            ("outsider", 403),
            ("other", 403),
            ("anonymous", 401),
        ],
    )
    def test_nobody_else_may(self, world, role, status):
        assert (
            client_as(world, role).post(DIRECTORY, self.payload).status_code == status
        )
        assert not Organization.objects.filter(name="Forge").exists()

    def test_a_decision_cannot_be_claimed_through_the_api(self, world):
        payload = self.payload | {"decision_reference": "2026/001"}
        response = ApiClient(world.owner).post(DIRECTORY, payload)
        assert response.status_code == 403

    def test_a_taken_name_is_refused_on_the_name_field(self, world):
        response = ApiClient(world.founder).post(
            DIRECTORY, self.payload | {"name": "atelier uno"}
        )
        assert response.status_code == 422
        assert error_of(response)["fields"]["name"] == [str(services.ORG_NAME_TAKEN)]

    def test_a_taken_address_is_refused_on_the_slug_field(self, world):
        response = ApiClient(world.founder).post(
            DIRECTORY, self.payload | {"slug": "atelier-uno"}
        )
        assert response.status_code == 422
        assert error_of(response)["fields"]["slug"] == [str(services.ORG_SLUG_TAKEN)]

    def test_a_missing_sector_is_named(self, world):
        payload = {k: v for k, v in self.payload.items() if k != "sector"}
        response = ApiClient(world.founder).post(DIRECTORY, payload)
        assert response.status_code == 422
        assert "sector" in error_of(response)["fields"]


@pytest.mark.django_db
class TestCompanyUpdate:
    @pytest.mark.parametrize("role", ["owner", "founder"])
    def test_a_representative_or_the_founder_updates_the_profile(self, world, role):
        response = client_as(world, role).patch(COMPANY, {"produces": "Chairs"})
        assert response.status_code == 200, response.json()
        assert response.json()["produces"] == "Chairs"
        assert AuditEvent.objects.filter(action="organization.updated").exists()

    @pytest.mark.parametrize(
        "role,status",
        [("member", 403), ("outsider", 403), ("other", 403), ("anonymous", 401)],
    )
    def test_nobody_else_may(self, world, role, status):
        response = client_as(world, role).patch(COMPANY, {"produces": "Nothing"})
        assert response.status_code == status
        world.company.refresh_from_db()
        assert world.company.produces == ""

    def test_the_representative_of_another_company_may_not(self, world):
        response = ApiClient(world.owner).patch(NEIGHBOUR, {"produces": "Nothing"})
        assert response.status_code == 403

    def test_a_bad_website_is_named(self, world):
        response = ApiClient(world.owner).patch(COMPANY, {"website": "not a url"})
        assert response.status_code == 422
        assert "website" in error_of(response)["fields"]


@pytest.mark.django_db
class TestCompanyStatus:
    def test_the_founder_moves_a_company_along(self, world):
        response = ApiClient(world.founder).post(
            f"{COMPANY}/status", {"status": "leaving"}
        )
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "leaving"
        assert response.json()["leaving_on"]

    def test_an_impossible_move_is_refused_on_the_status_field(self, world):
        response = ApiClient(world.founder).post(
            f"{COMPANY}/status", {"status": "applicant"}
        )
        assert response.status_code == 422
        assert "cannot go from" in error_of(response)["fields"]["status"][0]

    @pytest.mark.parametrize(
        "role,status",
        [
            ("owner", 403),
            ("member", 403),
            ("outsider", 403),
            ("other", 403),
            ("anonymous", 401),
        ],
    )
    def test_nobody_else_may(self, world, role, status):
        response = client_as(world, role).post(
            f"{COMPANY}/status", {"status": "former"}
        )
        assert response.status_code == status


@pytest.mark.django_db
def test_a_taken_name_is_named_in_italian_too(world):
    api = ApiClient(world.founder)
    api.headers["Accept-Language"] = "it"
    response = api.post(
        DIRECTORY,
        {"name": "Atelier Uno", "kind": "artisan", "sector": "C", "stage": "growing"},
    )
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["name"]
