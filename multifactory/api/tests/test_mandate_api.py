"""/api/v1/m/{slug}/mandates."""

import pytest

from multifactory.api.testing import ApiClient, error_of
from multifactory.community import services
from multifactory.community.models import Mandate, MandateKind
from multifactory.notifications.models import Notification

from .helpers import MF, assert_constant_queries, client_as

MANDATES = f"{MF}/mandates"


def _treasurer(world) -> Mandate:
    return services.mandate_grant(
        by=world.founder,
        multifactory=world.multifactory,
        person=world.member,
        kind=MandateKind.TREASURER,
    )


@pytest.mark.django_db
class TestMandateList:
    @pytest.mark.parametrize("role", ["founder", "owner", "member"])
    def test_members_see_the_mandates(self, world, role):
        response = client_as(world, role).get(MANDATES)
        assert response.status_code == 200
        items = response.json()["items"]
        assert [(i["kind"], i["person"]["id"]) for i in items] == [
            ("founder", world.founder.pk)
        ]
        assert items[0]["is_active"] is True

    def test_revoked_mandates_show_on_request(self, world):
        services.mandate_revoke(by=world.founder, mandate=_treasurer(world))
        api = ApiClient(world.member)
        assert api.get(MANDATES).json()["count"] == 1
        assert api.get(MANDATES, active_only="false").json()["count"] == 2

    def test_it_filters_by_person(self, world):
        _treasurer(world)
        items = ApiClient(world.owner).get(MANDATES, person_id=world.member.pk).json()
        assert [i["kind"] for i in items["items"]] == ["treasurer"]

    @pytest.mark.parametrize(
        "role,status", [("outsider", 403), ("other", 403), ("anonymous", 401)]
    )
    def test_nobody_else_may(self, world, role, status):
        assert client_as(world, role).get(MANDATES).status_code == status

    def test_it_costs_the_same_queries_for_many_mandates(self, world):
        api = ApiClient(world.member)

        machines = iter(range(1000))

        def add(n):
            # A different machine each time: the same mandate is granted only once.
            for _ in range(n):
                services.mandate_grant(
                    by=world.founder,
                    multifactory=world.multifactory,
                    person=world.owner,
                    kind=MandateKind.TRAINER,
                    scope=f"machine {next(machines)}",
                )

        assert_constant_queries(lambda: api.get(MANDATES, limit=100), add)


@pytest.mark.django_db
class TestMandateGrant:
    def test_the_founder_gives_a_mandate_and_its_holder_is_told(self, world):
        response = ApiClient(world.founder).post(
            MANDATES, {"person_id": world.member.pk, "kind": "treasurer"}
        )
        assert response.status_code == 201, response.json()
        assert response.json()["kind"] == "treasurer"
        assert Notification.objects.filter(
            person=world.member, kind="mandate_granted"
        ).exists()

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
            MANDATES, {"person_id": world.member.pk, "kind": "treasurer"}
        )
        assert response.status_code == status
        assert not Mandate.objects.filter(kind="treasurer").exists()

    def test_a_decision_cannot_be_claimed_through_the_api(self, world):
        response = ApiClient(world.owner).post(
            MANDATES,
            {
                "person_id": world.owner.pk,
                "kind": "treasurer",
                "decision_reference": "2026/001",
            },
        )
        assert response.status_code == 403

    @pytest.mark.parametrize("who", ["outsider", "other"])
    def test_a_person_outside_the_multifactory_is_refused_on_the_field(
        self, world, who
    ):
        response = ApiClient(world.founder).post(
            MANDATES, {"person_id": getattr(world, who).pk, "kind": "trainer"}
        )
        assert response.status_code == 422
        assert "person_id" in error_of(response)["fields"]

    def test_another_responsibility_needs_a_title(self, world):
        response = ApiClient(world.founder).post(
            MANDATES, {"person_id": world.member.pk, "kind": "custom"}
        )
        assert response.status_code == 422
        assert error_of(response)["message"] == "Give another responsibility a title."

    def test_a_mandate_cannot_end_before_it_starts(self, world):
        response = ApiClient(world.founder).post(
            MANDATES,
            {
                "person_id": world.member.pk,
                "kind": "trainer",
                "starts_on": "2026-05-01",
                "ends_on": "2026-04-01",
            },
        )
        assert response.status_code == 422
        assert "cannot end before" in error_of(response)["message"]


@pytest.mark.django_db
class TestMandateRevoke:
    def test_the_founder_revokes_a_mandate(self, world):
        mandate = _treasurer(world)
        response = ApiClient(world.founder).post(
            f"{MANDATES}/{mandate.pk}/revoke", {"reason": "Moved away"}
        )
        assert response.status_code == 200, response.json()
        assert response.json()["is_active"] is False
        assert response.json()["revoked_reason"] == "Moved away"

    def test_a_mandate_is_revoked_once(self, world):
        mandate = _treasurer(world)
        api = ApiClient(world.founder)
        api.post(f"{MANDATES}/{mandate.pk}/revoke")
        response = api.post(f"{MANDATES}/{mandate.pk}/revoke")
        assert response.status_code == 422
        assert error_of(response)["message"] == str(services.ALREADY_REVOKED)

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
        mandate = _treasurer(world)
        response = client_as(world, role).post(f"{MANDATES}/{mandate.pk}/revoke")
        assert response.status_code == status
        mandate.refresh_from_db()
        assert mandate.revoked_at is None

    def test_a_mandate_of_another_multifactory_is_not_found_here(self, world):
        elsewhere = Mandate.objects.get(multifactory=world.other_multifactory)
        response = ApiClient(world.founder).post(f"{MANDATES}/{elsewhere.pk}/revoke")
        assert response.status_code == 404
        elsewhere.refresh_from_db()
        assert elsewhere.revoked_at is None
