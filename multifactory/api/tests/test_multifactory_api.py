"""/api/v1/multifactories and /api/v1/m/{slug}."""

import pytest

from multifactory.api.testing import ApiClient, error_of
from multifactory.audit.models import AuditEvent
from multifactory.community import services
from multifactory.community.models import Mandate, MandateKind, Multifactory

from .helpers import MF, assert_constant_queries, client_as

LIST = "/api/v1/multifactories"


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["slug"] for item in response.json()["items"]]


@pytest.mark.django_db
class TestMultifactoryList:
    def test_a_visitor_sees_the_public_multifactories(self, world):
        assert _slugs(ApiClient(None).get(LIST)) == ["elsewhere", "r84-test"]

    def test_an_unlisted_multifactory_shows_only_to_its_own_people(self, world):
        services.multifactory_update(
            by=world.founder, multifactory=world.multifactory, is_public=False
        )
        assert _slugs(ApiClient(None).get(LIST)) == ["elsewhere"]
        assert _slugs(ApiClient(world.other).get(LIST)) == ["elsewhere"]
        assert _slugs(ApiClient(world.member).get(LIST)) == ["elsewhere", "r84-test"]

    def test_mine_lists_only_the_ones_i_belong_to(self, world):
        assert _slugs(ApiClient(world.member).get(LIST, mine="true")) == ["r84-test"]
        assert _slugs(ApiClient(world.other).get(LIST, mine="true")) == ["elsewhere"]
        assert _slugs(ApiClient(world.outsider).get(LIST, mine="true")) == []

    def test_it_costs_the_same_queries_for_many_multifactories(self, world):
        api = ApiClient(world.member)

        def add(n):
            for _ in range(n):
                count = Multifactory.objects.count()
                services.multifactory_create(
                    by=world.outsider, name=f"Place {count}", slug=f"place-{count}"
                )

        assert_constant_queries(lambda: api.get(LIST, limit=100), add)


@pytest.mark.django_db
class TestMultifactoryGet:
    @pytest.mark.parametrize("role", ["anonymous", "outsider", "other", "member"])
    def test_anyone_reads_a_multifactory_page(self, world, role):
        response = client_as(world, role).get(MF)
        assert response.status_code == 200
        assert response.json()["name"] == "R84 Test"

    def test_an_unknown_address_is_404(self, world):
        assert ApiClient(world.member).get("/api/v1/m/nowhere").status_code == 404


@pytest.mark.django_db
class TestMultifactoryCreate:
    def test_a_person_founds_a_multifactory_and_holds_its_founder_mandate(self, world):
        response = ApiClient(world.outsider).post(
            LIST, {"name": "Risma 11", "time_zone": "Europe/Rome"}
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["slug"] == "risma-11"
        multifactory = Multifactory.objects.get(slug="risma-11")
        assert Mandate.objects.filter(
            multifactory=multifactory, person=world.outsider, kind=MandateKind.FOUNDER
        ).exists()
        assert AuditEvent.objects.filter(
            multifactory=multifactory,
            action="multifactory.created",
            actor=world.outsider,
        ).exists()

    def test_a_visitor_cannot_found_one(self, world):
        assert ApiClient(None).post(LIST, {"name": "X"}).status_code == 401

    def test_a_taken_address_is_refused_on_the_slug_field(self, world):
        response = ApiClient(world.outsider).post(
            LIST, {"name": "Copy", "slug": "r84-test"}
        )
        assert response.status_code == 422
        assert error_of(response)["fields"]["slug"] == [str(services.SLUG_TAKEN)]

    def test_bad_fields_are_named(self, world):
        response = ApiClient(world.outsider).post(
            LIST,
            {
                "name": "Ok",
                "time_zone": "Mars/Olympus",
                "currency": "XXX",
                "slug": "A B",
            },
        )
        assert response.status_code == 422
        fields = error_of(response)["fields"]
        assert set(fields) >= {"time_zone", "currency", "slug"}
        assert "IANA" in fields["time_zone"][0]


@pytest.mark.django_db
class TestMultifactoryUpdate:
    def test_the_founder_updates_the_multifactory(self, world):
        response = ApiClient(world.founder).patch(MF, {"address": "Via Roma 1"})
        assert response.status_code == 200, response.json()
        assert response.json()["address"] == "Via Roma 1"
        event = AuditEvent.objects.get(action="multifactory.updated")
        assert event.mandate.kind == MandateKind.FOUNDER

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
        response = client_as(world, role).patch(MF, {"address": "Hacked"})
        assert response.status_code == status
        world.multifactory.refresh_from_db()
        assert world.multifactory.address == ""

    def test_an_empty_change_is_refused(self, world):
        response = ApiClient(world.founder).patch(MF, {})
        assert response.status_code == 422

    def test_null_for_a_required_field_is_refused(self, world):
        response = ApiClient(world.founder).patch(MF, {"name": None})
        assert response.status_code == 422
        assert "name" in error_of(response)["fields"]
