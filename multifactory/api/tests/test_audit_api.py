"""/api/v1/m/{slug}/audit: the audit trail of a multifactory."""

import pytest

from multifactory.api.testing import ApiClient
from multifactory.community import services

from .helpers import MF, assert_constant_queries, client_as

AUDIT = f"{MF}/audit"


@pytest.mark.django_db
class TestAuditTrail:
    @pytest.mark.parametrize("role", ["founder", "owner", "member"])
    def test_members_read_the_trail_of_their_multifactory(self, world, role):
        response = client_as(world, role).get(AUDIT, limit=100)
        assert response.status_code == 200
        items = response.json()["items"]
        assert items
        assert {"multifactory.created", "membership.added"} <= {
            i["action"] for i in items
        }
        # Nothing that happened in the other multifactory.
        assert "Far Away" not in str(items)

    def test_it_names_who_and_on_what_authority(self, world):
        items = ApiClient(world.member).get(AUDIT, action="organization.created")
        event = items.json()["items"][0]
        assert event["actor"] == "Giulia Founder"
        assert event["mandate"] == "Founding coordinator"

    def test_it_gives_the_stable_code_and_the_label_in_the_request_language(
        self, world
    ):
        api = ApiClient(world.member)
        event = api.get(AUDIT, action="organization.created").json()["items"][0]
        assert event["action"] == "organization.created"
        assert event["action_label"] == "Company added"
        api.headers["Accept-Language"] = "it"
        event = api.get(AUDIT, action="organization.created").json()["items"][0]
        assert event["action"] == "organization.created"
        assert event["action_label"] == "Azienda aggiunta"

    def test_it_filters_by_action_prefix_and_company(self, world):
        api = ApiClient(world.member)
        actions = {
            i["action"]
            for i in api.get(AUDIT, action="membership.", limit=100).json()["items"]
        }
        assert actions == {"membership.added"}
        items = api.get(AUDIT, company="studio-due", limit=100).json()["items"]
        assert items and {i["organization"] for i in items} == {"studio-due"}

    @pytest.mark.parametrize(
        "role,status", [("outsider", 403), ("other", 403), ("anonymous", 401)]
    )
    def test_nobody_else_may(self, world, role, status):
        assert client_as(world, role).get(AUDIT).status_code == status

    def test_a_company_of_another_multifactory_is_not_a_filter_here(self, world):
        response = ApiClient(world.member).get(AUDIT, company="far-away")
        assert response.status_code == 404

    def test_it_costs_the_same_queries_for_many_events(self, world):
        api = ApiClient(world.member)

        def add(n):
            for i in range(n):
                services.organization_update_profile(
                    by=world.owner, organization=world.company, produces=f"Chairs {i}"
                )

        assert_constant_queries(lambda: api.get(AUDIT, limit=100), add)
