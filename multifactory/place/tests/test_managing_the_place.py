"""Managing the place: equipment types and equipment fields, doors, keys and their
deposits, access policies, door controllers, chores rotas, ending unit assignments,
revoking qualifications, incident photos. Every act through a page and the API, for
the keys keeper (or trainer), the founder, and refused to everybody else."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_person
from multifactory.api.testing import ApiClient, error_of
from multifactory.audit.models import AuditEvent
from multifactory.care import services as care_services
from multifactory.care.models import ChoreRota, Incident
from multifactory.community import services as community
from multifactory.community.models import MandateKind, Role
from multifactory.doors import services as doors_services
from multifactory.doors.models import (
    AccessPolicy,
    Door,
    DoorController,
    Key,
    KeyHandover,
)
from multifactory.place import services
from multifactory.place.models import EquipmentType, Qualification, UnitAssignment

MF = "/m/r84-test/place"
API = "/api/v1/m/r84-test/place"
REFUSED = ["owner", "member", "outsider", "other"]
ALLOWED = ["keeper", "founder"]


@pytest.fixture
def keeper(world):
    """Kai of Studio Due holds the keys keeper mandate (and nothing else)."""
    kai = make_person("keeper@example.org", "Kai Keeper")
    community.membership_add(
        by=world.founder, organization=world.neighbour, person=kai, role=Role.MEMBER
    )
    community.mandate_grant(
        by=world.founder,
        multifactory=world.multifactory,
        person=kai,
        kind=MandateKind.KEYS_KEEPER,
    )
    return kai


def who(world, keeper, name):
    return keeper if name == "keeper" else getattr(world, name)


def page(world, keeper, name):
    return world.client_for(who(world, keeper, name))


def api(world, keeper, name):
    return ApiClient(who(world, keeper, name))


def mandate_of_last(action: str):
    return AuditEvent.objects.filter(action=action).latest("id").mandate


# Equipment types and equipment fields ------------------------------------------------


class TestEquipmentTypes:
    @pytest.mark.parametrize("name", ALLOWED)
    def test_the_keys_keeper_or_founder_adds_and_edits_a_type_on_the_page(
        self, world, place, keeper, name
    ):
        client = page(world, keeper, name)
        assert client.get(f"{MF}/equipment-types/").status_code == 200
        response = client.post(
            f"{MF}/equipment-types/",
            {"name": "Overhead crane", "requires_qualification": "on"},
        )
        assert response.status_code == 302
        crane = EquipmentType.objects.get(name="Overhead crane")
        assert crane.requires_qualification
        assert mandate_of_last("equipment_type.created") is not None
        response = client.post(
            f"{MF}/equipment-types/{crane.pk}/", {"name": "Crane (5 t)"}
        )
        assert response.status_code == 302
        crane.refresh_from_db()
        assert crane.name == "Crane (5 t)"
        assert not crane.requires_qualification

    @pytest.mark.parametrize("name", REFUSED)
    def test_nobody_else_sees_or_adds_types(self, world, place, keeper, name):
        client = page(world, keeper, name)
        assert client.get(f"{MF}/equipment-types/").status_code == 403
        assert (
            client.post(f"{MF}/equipment-types/", {"name": "Mine"}).status_code == 403
        )
        assert (
            client.post(
                f"{MF}/equipment-types/{place.laser_type.pk}/", {"name": "Mine"}
            ).status_code
            == 403
        )
        assert api(world, keeper, name).post(
            f"{API}/equipment-types", {"name": "Mine"}
        ).status_code in (403,)
        assert not EquipmentType.objects.filter(name="Mine").exists()

    def test_a_duplicate_name_is_refused_with_its_message(self, world, place, keeper):
        response = page(world, keeper, "keeper").post(
            f"{MF}/equipment-types/", {"name": "Laser cutter"}
        )
        assert response.status_code == 400
        assert "This equipment type already exists." in response.content.decode()
        refused = api(world, keeper, "keeper").post(
            f"{API}/equipment-types", {"name": "Laser cutter"}
        )
        assert refused.status_code == 422
        assert "already exists" in str(error_of(refused))

    def test_the_api_creates_renames_and_lists_types(self, world, place, keeper):
        client = api(world, keeper, "keeper")
        created = client.post(f"{API}/equipment-types", {"name": "3D printer"})
        assert created.status_code == 201, created.json()
        renamed = client.patch(
            f"{API}/equipment-types/{created.json()['id']}",
            {"requires_qualification": True},
        )
        assert renamed.json()["requires_qualification"] is True
        empty = client.patch(f"{API}/equipment-types/{created.json()['id']}", {})
        assert empty.status_code == 422
        blank = client.post(f"{API}/equipment-types", {"name": ""})
        assert "name" in error_of(blank)["fields"]
        names = [
            t["name"]
            for t in api(world, keeper, "member").get(f"{API}/equipment-types").json()
        ]
        assert names == ["3D printer", "Laser cutter"]
        assert (
            api(world, keeper, "member")
            .patch(f"{API}/equipment-types/{created.json()['id']}", {"name": "X"})
            .status_code
            == 403
        )


class TestEquipmentFields:
    @pytest.mark.parametrize("name", ALLOWED)
    def test_type_location_and_lender_are_set_on_the_page(
        self, world, place, keeper, name
    ):
        client = page(world, keeper, name)
        address = f"{MF}/r/{place.laser.slug}/edit/"
        assert client.get(address).status_code == 200
        response = client.post(
            address,
            {
                "name": "Laser cutter",
                "status": "available",
                "hourly_cost": "15.00",  # typed in euros, stored in cents
                "equipment_type": place.laser_type.pk,
                "located_in": place.room.pk,
                "lent_by": world.neighbour.pk,
            },
        )
        assert response.status_code == 302, response.content.decode()
        place.laser.refresh_from_db()
        assert place.laser.lent_by == world.neighbour
        assert place.laser.hourly_cost == 1500
        assert mandate_of_last("resource.updated") is not None

    def test_a_unit_edit_form_has_no_equipment_fields(self, world, place, keeper):
        body = page(world, keeper, "keeper").get(f"{MF}/r/{place.unit.slug}/edit/")
        assert 'name="lent_by"' not in body.content.decode()

    @pytest.mark.parametrize("name", REFUSED)
    def test_nobody_else_changes_equipment(self, world, place, keeper, name):
        client = page(world, keeper, name)
        assert client.get(f"{MF}/r/{place.laser.slug}/edit/").status_code == 403
        response = api(world, keeper, name).patch(
            f"{API}/resources/{place.laser.slug}/equipment",
            {"lent_by": world.neighbour.slug},
        )
        assert response.status_code == 403
        place.laser.refresh_from_db()
        assert place.laser.lent_by is None

    def test_the_api_sets_and_clears_the_equipment_fields(self, world, place, keeper):
        client = api(world, keeper, "keeper")
        address = f"{API}/resources/{place.laser.slug}/equipment"
        response = client.patch(
            address, {"lent_by": world.company.slug, "located_in": None}
        )
        assert response.status_code == 200, response.json()
        assert response.json()["lent_by"] == world.company.slug
        assert response.json()["located_in"] is None
        cleared = client.patch(address, {"lent_by": None, "equipment_type_id": None})
        assert cleared.json()["lent_by"] is None
        assert cleared.json()["equipment_type"] is None

    @pytest.mark.parametrize(
        ("body", "field", "message"),
        [
            ({"located_in": "unit-a"}, "located_in", services.LOCATION_NOT_A_SPACE),
            ({"located_in": "nowhere"}, "located_in", services.LOCATION_NOT_A_SPACE),
            ({"lent_by": "far-away"}, "lent_by", services.LENDER_NOT_MEMBER),
            ({"equipment_type_id": 999999}, "equipment_type_id", None),
        ],
    )
    def test_bad_equipment_fields_are_refused_naming_the_field(
        self, world, place, keeper, body, field, message
    ):
        response = api(world, keeper, "keeper").patch(
            f"{API}/resources/{place.laser.slug}/equipment", body
        )
        assert response.status_code == 422
        error = error_of(response)
        assert field in error["fields"]
        if message:
            assert error["fields"][field] == [str(message)]

    def test_only_equipment_has_a_lender(self, world, place, keeper):
        with pytest.raises(ValidationError) as error:
            services.resource_update(
                by=keeper, resource=place.room, lent_by=world.company
            )
        assert error.value.message_dict == {"lent_by": [str(services.ONLY_EQUIPMENT)]}
        response = api(world, keeper, "keeper").patch(
            f"{API}/resources/{place.room.slug}/equipment",
            {"lent_by": world.company.slug},
        )
        assert error_of(response)["fields"] == {
            "lent_by": [str(services.ONLY_EQUIPMENT)]
        }

    def test_a_type_of_another_multifactory_is_refused(self, world, place, keeper):
        foreign = EquipmentType.objects.create(
            multifactory=world.other_multifactory, name="Lathe"
        )
        with pytest.raises(ValidationError) as error:
            services.resource_update(
                by=keeper, resource=place.laser, equipment_type=foreign
            )
        assert "equipment_type" in error.value.message_dict


# Doors, keys, deposits, access policies, door controllers ---------------------------


class TestKeysKeeperPages:
    @pytest.mark.parametrize("name", ALLOWED)
    def test_doors_keys_and_policies_are_added_on_the_keys_page(
        self, world, place, keeper, name
    ):
        client = page(world, keeper, name)
        assert client.post(f"{MF}/keys/doors/", {"name": "Front door"}).status_code == (
            302
        )
        door = Door.objects.get()
        assert door.slug == "front-door"
        response = client.post(
            f"{MF}/keys/new/",
            {
                "kind": "badge",
                "label": "Badge 1",
                "code": "B-1",
                "doors": [door.pk],
                "deposit": "15",
            },
        )
        assert response.status_code == 302, response.content.decode()
        assert Key.objects.get().doors.get() == door
        response = client.post(
            f"{MF}/keys/policies/",
            {
                "name": "Studio Due, weekdays",
                "door": door.pk,
                "organization": world.neighbour.pk,
                "weekdays": ["0", "1", "2", "3", "4"],
                "opens": "07:00",
                "closes": "00:00",
            },
        )
        assert response.status_code == 302, response.content.decode()
        policy = AccessPolicy.objects.get()
        assert (policy.weekdays, policy.opens_minute, policy.closes_minute) == (
            "01234",
            420,
            1440,
        )
        body = client.get(f"{MF}/keys/").content.decode()
        assert "Studio Due, weekdays" in body and "front-door" in body
        client.post(f"{MF}/keys/policies/{policy.pk}/end/")
        policy.refresh_from_db()
        today = timezone.localdate(timezone=world.multifactory.zone)
        assert policy.valid_until == today - timedelta(days=1)
        assert mandate_of_last("access_policy.ended") is not None

    @pytest.mark.parametrize("name", REFUSED)
    def test_nobody_else_manages_doors_keys_policies_or_controllers(
        self, world, place, keeper, name
    ):
        door = doors_services.door_create(
            by=world.founder, multifactory=world.multifactory, name="Gate"
        )
        policy = doors_services.access_policy_create(
            by=world.founder, multifactory=world.multifactory, name="All", door=door
        )
        controller, _token = doors_services.door_controller_create(
            by=world.founder, multifactory=world.multifactory, name="C", doors=[door]
        )
        client = page(world, keeper, name)
        for address, data in [
            (f"{MF}/keys/doors/", {"name": "Back door"}),
            (f"{MF}/keys/new/", {"kind": "key", "label": "K", "code": "K-1"}),
            (f"{MF}/keys/policies/", {"name": "Mine", "weekdays": ["0"]}),
            (f"{MF}/keys/policies/{policy.pk}/end/", {}),
            (f"{MF}/keys/controllers/", {"name": "Mine", "doors": [door.pk]}),
            (f"{MF}/keys/controllers/{controller.pk}/rotate/", {}),
            (f"{MF}/keys/controllers/{controller.pk}/revoke/", {}),
        ]:
            assert client.post(address, data).status_code == 403, address
        assert client.get(f"{MF}/keys/").status_code == 403
        other = api(world, keeper, name)
        for address, data in [
            (f"{API}/doors", {"name": "Back door"}),
            (f"{API}/keys", {"kind": "key", "label": "K", "code": "K-1"}),
            (f"{API}/access-policies", {"name": "Mine"}),
            (f"{API}/access-policies/{policy.pk}/end", {}),
            (f"{API}/door-controllers", {"name": "Mine", "doors": ["gate"]}),
            (f"{API}/door-controllers/{controller.pk}/rotate", {}),
            (f"{API}/door-controllers/{controller.pk}/revoke", {}),
        ]:
            assert other.post(address, data).status_code == 403, address
        assert Door.objects.count() == 1 and not Key.objects.exists()
        policy.refresh_from_db()
        controller.refresh_from_db()
        assert policy.valid_until is None and controller.revoked_at is None

    def test_a_policy_with_bad_hours_is_refused_with_its_message(
        self, world, place, keeper
    ):
        response = page(world, keeper, "keeper").post(
            f"{MF}/keys/policies/",
            {
                "name": "Backwards",
                "weekdays": ["0"],
                "opens": "18:00",
                "closes": "08:00",
            },
        )
        assert response.status_code == 400
        assert "Access must end after it starts." in response.content.decode()
        api_refused = api(world, keeper, "keeper").post(
            f"{API}/access-policies", {"name": "Bad days", "weekdays": "78"}
        )
        assert "weekdays" in error_of(api_refused)["fields"]
        assert not AccessPolicy.objects.exists()

    def test_a_key_with_a_code_already_used_is_refused(self, world, place, keeper):
        doors_services.key_create(
            by=keeper,
            multifactory=world.multifactory,
            kind="key",
            label="A",
            code="K-1",
        )
        response = page(world, keeper, "keeper").post(
            f"{MF}/keys/new/",
            {"kind": "key", "label": "B", "code": "K-1", "deposit": 0},
        )
        assert response.status_code == 400
        assert "Another key or badge has this code." in response.content.decode()

    def test_a_key_comes_back_with_part_of_its_deposit(self, world, place, keeper):
        key = doors_services.key_create(
            by=keeper,
            multifactory=world.multifactory,
            kind="key",
            label="Workshop",
            code="K-7",
            deposit=2000,
        )
        doors_services.key_issue(
            by=keeper, key=key, holder=world.member, deposit_paid=2000
        )
        client = page(world, keeper, "keeper")
        too_much = client.post(
            f"{MF}/keys/{key.pk}/return/", {"deposit_returned": "25"}, follow=True
        )
        assert "Give back between nothing and the €20.00 of deposit paid." in (
            too_much.content.decode()
        )
        assert KeyHandover.objects.get().returned_on is None
        client.post(f"{MF}/keys/{key.pk}/return/", {"deposit_returned": "15"})
        handover = KeyHandover.objects.get()
        assert handover.returned_on is not None
        assert handover.deposit_returned == 1500
        assert AuditEvent.objects.filter(action="key.returned").latest("id").changes

    def test_the_api_returns_the_whole_deposit_by_default_and_none_for_a_lost_key(
        self, world, place, keeper
    ):
        client = api(world, keeper, "keeper")
        created = client.post(
            f"{API}/keys",
            {"kind": "badge", "label": "Badge 2", "code": "B-2", "deposit": 1000},
        )
        assert created.status_code == 201, created.json()
        key_id = created.json()["id"]
        client.post(
            f"{API}/keys/{key_id}/issue",
            {"holder_id": world.member.pk, "deposit_paid": 1000},
        )
        client.post(f"{API}/keys/{key_id}/return", {})
        assert KeyHandover.objects.get().deposit_returned == 1000
        client.post(
            f"{API}/keys/{key_id}/issue",
            {"holder_id": world.member.pk, "deposit_paid": 1000},
        )
        lost = client.post(f"{API}/keys/{key_id}/return", {"lost": True})
        assert lost.json()["status"] == "lost"
        assert KeyHandover.objects.latest("id").deposit_returned == 0
        refused = client.post(
            f"{API}/keys",
            {"kind": "badge", "label": "B", "code": "B-3", "doors": ["x"]},
        )
        assert error_of(refused)["fields"] == {"doors": [str(_no_door())]}


def _no_door():
    from multifactory.doors.api import NO_SUCH_DOOR

    return NO_SUCH_DOOR


class TestDoorControllers:
    @pytest.fixture
    def gate(self, world, keeper):
        door = doors_services.door_create(
            by=keeper, multifactory=world.multifactory, name="Gate"
        )
        badge = doors_services.key_create(
            by=keeper,
            multifactory=world.multifactory,
            kind="badge",
            label="Badge",
            code="B-9",
            doors=[door],
        )
        doors_services.key_issue(by=keeper, key=badge, holder=world.member)
        doors_services.access_policy_create(
            by=keeper, multifactory=world.multifactory, name="Everybody", door=door
        )
        return door

    def check(self, token):
        return ApiClient(None).client.post(
            "/api/v1/place/access-check",
            data={"door": "gate", "badge": "B-9"},
            content_type="application/json",
            headers={"X-Device-Token": token},
        )

    def test_the_token_is_shown_once_and_a_new_one_replaces_it(
        self, world, place, keeper, gate
    ):
        client = page(world, keeper, "keeper")
        response = client.post(
            f"{MF}/keys/controllers/", {"name": "At the gate", "doors": [gate.pk]}
        )
        assert response.status_code == 200
        body = response.content.decode()
        token = body.split('<code id="device-token">')[1].split("</code>")[0]
        assert self.check(token).json()["allowed"] is True
        assert token not in client.get(f"{MF}/keys/").content.decode()
        controller = DoorController.objects.get()
        rotated = client.post(f"{MF}/keys/controllers/{controller.pk}/rotate/")
        new = rotated.content.decode().split('<code id="device-token">')[1]
        new = new.split("</code>")[0]
        assert new != token
        assert self.check(token).status_code == 401
        assert self.check(new).json()["allowed"] is True
        client.post(f"{MF}/keys/controllers/{controller.pk}/revoke/")
        assert self.check(new).status_code == 401
        assert mandate_of_last("door_controller.revoked") is not None

    def test_the_api_creates_rotates_and_revokes_a_controller(
        self, world, place, keeper, gate
    ):
        client = api(world, keeper, "founder")
        created = client.post(
            f"{API}/door-controllers", {"name": "Gate", "doors": ["gate"]}
        )
        assert created.status_code == 201, created.json()
        token = created.json()["token"]
        assert self.check(token).status_code == 200
        controller_id = created.json()["id"]
        rotated = client.post(f"{API}/door-controllers/{controller_id}/rotate")
        assert self.check(token).status_code == 401
        assert self.check(rotated.json()["token"]).status_code == 200
        listed = client.get(f"{API}/door-controllers").json()
        assert "token" not in listed[0]
        revoked = client.post(f"{API}/door-controllers/{controller_id}/revoke")
        assert revoked.json()["revoked_at"] is not None
        again = client.post(f"{API}/door-controllers/{controller_id}/rotate")
        assert error_of(again)["message"] == str(doors_services.CONTROLLER_REVOKED)

    def test_a_controller_needs_a_door(self, world, place, keeper, gate):
        response = page(world, keeper, "keeper").post(
            f"{MF}/keys/controllers/", {"name": "Nowhere"}
        )
        assert response.status_code == 400
        refused = api(world, keeper, "keeper").post(
            f"{API}/door-controllers", {"name": "Nowhere", "doors": []}
        )
        assert error_of(refused)["fields"] == {
            "doors": [str(doors_services.CONTROLLER_NEEDS_DOORS)]
        }

    def test_an_ended_policy_lets_nobody_through(self, world, place, keeper, gate):
        _controller, token = doors_services.door_controller_create(
            by=keeper, multifactory=world.multifactory, name="C", doors=[gate]
        )
        assert self.check(token).json()["allowed"] is True
        policy = AccessPolicy.objects.get()
        ended = api(world, keeper, "keeper").post(
            f"{API}/access-policies/{policy.pk}/end", {}
        )
        assert ended.status_code == 200, ended.json()
        assert self.check(token).json()["reason"] == "no_policy"
        again = api(world, keeper, "keeper").post(
            f"{API}/access-policies/{policy.pk}/end", {}
        )
        assert error_of(again)["message"] == str(doors_services.POLICY_ALREADY_ENDED)


# Chores rotas ------------------------------------------------------------------------


class TestRotas:
    @pytest.mark.parametrize("name", ALLOWED)
    def test_a_rota_is_started_on_the_page_and_shows_whose_turn_it_is(
        self, world, place, keeper, name
    ):
        client = page(world, keeper, name)
        today = timezone.localdate(timezone=world.multifactory.zone)
        assert client.get(f"{MF}/care/rotas/new/").status_code == 200
        response = client.post(
            f"{MF}/care/rotas/new/",
            {
                "name": "Kitchen cleaning",
                "companies": [world.company.pk, world.neighbour.pk],
                "starts_on": today.isoformat(),
                "period_days": 7,
            },
        )
        assert response.status_code == 302, response.content.decode()
        body = world.client_for(world.member).get(f"{MF}/care/").content.decode()
        assert "Kitchen cleaning" in body
        assert "Now: Atelier Uno" in body

    @pytest.mark.parametrize("name", REFUSED)
    def test_nobody_else_starts_a_rota(self, world, place, keeper, name):
        data = {
            "name": "Mine",
            "companies": [world.company.pk],
            "starts_on": "2027-01-04",
            "period_days": 7,
        }
        assert (
            page(world, keeper, name).post(f"{MF}/care/rotas/new/", data).status_code
            == 403
        )
        response = api(world, keeper, name).post(
            f"{API}/rotas",
            {"name": "Mine", "companies": ["atelier-uno"], "starts_on": "2027-01-04"},
        )
        assert response.status_code == 403
        assert not ChoreRota.objects.exists()

    def test_the_api_starts_a_rota_and_tells_whose_turn_it_is(
        self, world, place, keeper
    ):
        today = timezone.localdate(timezone=world.multifactory.zone)
        created = api(world, keeper, "keeper").post(
            f"{API}/rotas",
            {
                "name": "Garden",
                "companies": ["studio-due", "atelier-uno"],
                "starts_on": (today - timedelta(days=7)).isoformat(),
                "period_days": 7,
            },
        )
        assert created.status_code == 201, created.json()
        assert created.json()["current"]["organization"] == "atelier-uno"
        seen = api(world, keeper, "member").get(f"{API}/rotas/{created.json()['id']}")
        assert seen.json()["current"]["organization"] == "atelier-uno"
        assert seen.json()["turns"][1]["organization"] == "studio-due"
        listed = api(world, keeper, "member").get(f"{API}/rotas").json()
        assert listed[0]["current"]["organization"] == "atelier-uno"

    @pytest.mark.parametrize(
        "companies", [[], ["atelier-uno", "atelier-uno"], ["far-away"]]
    )
    def test_a_rota_without_proper_companies_is_refused(
        self, world, place, keeper, companies
    ):
        response = api(world, keeper, "keeper").post(
            f"{API}/rotas",
            {"name": "Garden", "companies": companies, "starts_on": "2027-01-04"},
        )
        assert error_of(response)["fields"] == {
            "companies": [str(care_services.ROTA_NEEDS_COMPANIES)]
        }

    def test_a_page_rota_without_companies_names_the_field(self, world, place, keeper):
        response = page(world, keeper, "keeper").post(
            f"{MF}/care/rotas/new/",
            {"name": "Garden", "starts_on": "2027-01-04", "period_days": 0},
        )
        assert response.status_code == 400
        form = response.context["form"]
        assert set(form.errors) == {"companies", "period_days"}


# Unit assignments and qualifications -------------------------------------------------


class TestUnitAssignmentEnd:
    @pytest.mark.parametrize("name", ALLOWED)
    def test_the_keys_keeper_ends_an_assignment_on_the_units_page(
        self, world, place, keeper, name
    ):
        assignment = UnitAssignment.objects.get(unit=place.unit)
        client = page(world, keeper, name)
        assert (
            f"units/assignments/{assignment.pk}/end/"
            in client.get(f"{MF}/units/").content.decode()
        )
        response = client.post(
            f"{MF}/units/assignments/{assignment.pk}/end/", {"ends_on": "2027-06-30"}
        )
        assert response.status_code == 302
        assignment.refresh_from_db()
        assert assignment.ends_on == date(2027, 6, 30)
        assert mandate_of_last("unit.assignment_ended") is not None

    @pytest.mark.parametrize("name", REFUSED)
    def test_nobody_else_ends_an_assignment(self, world, place, keeper, name):
        assignment = UnitAssignment.objects.get(unit=place.unit)
        assert (
            page(world, keeper, name)
            .post(
                f"{MF}/units/assignments/{assignment.pk}/end/",
                {"ends_on": "2027-06-30"},
            )
            .status_code
            == 403
        )
        assert (
            api(world, keeper, name)
            .post(f"{API}/assignments/{assignment.pk}/end", {"ends_on": "2027-06-30"})
            .status_code
            == 403
        )
        assignment.refresh_from_db()
        assert assignment.ends_on is None

    def test_an_end_before_the_start_is_refused_naming_the_field(
        self, world, place, keeper
    ):
        assignment = UnitAssignment.objects.get(unit=place.unit)
        response = api(world, keeper, "keeper").post(
            f"{API}/assignments/{assignment.pk}/end", {"ends_on": "2025-12-31"}
        )
        assert error_of(response)["fields"] == {
            "ends_on": [str(services.ASSIGNMENT_END_BEFORE_START)]
        }
        shown = page(world, keeper, "keeper").post(
            f"{MF}/units/assignments/{assignment.pk}/end/",
            {"ends_on": "2025-12-31"},
            follow=True,
        )
        assert str(services.ASSIGNMENT_END_BEFORE_START) in shown.content.decode()

    def test_the_api_ends_an_assignment_and_the_unit_is_free_after(
        self, world, place, keeper
    ):
        assignment = UnitAssignment.objects.get(unit=place.unit)
        response = api(world, keeper, "keeper").post(
            f"{API}/assignments/{assignment.pk}/end", {"ends_on": "2027-01-31"}
        )
        assert response.status_code == 200, response.json()
        assert response.json()["ends_on"] == "2027-01-31"
        services.unit_assign(
            by=keeper,
            unit=place.unit,
            organization=world.neighbour,
            starts_on=date(2027, 2, 1),
        )


class TestQualificationRevoke:
    @pytest.fixture
    def qualification(self, world, place):
        community.mandate_grant(
            by=world.founder,
            multifactory=world.multifactory,
            person=world.owner,
            kind=MandateKind.TRAINER,
            scope="laser cutter",
        )
        return services.qualification_grant(
            by=world.owner, person=world.member, equipment_type=place.laser_type
        )

    @pytest.mark.parametrize("name", ["owner", "founder"])
    def test_a_trainer_or_the_founder_revokes_on_the_page(
        self, world, place, qualification, name
    ):
        client = world.client_for(getattr(world, name))
        address = f"{MF}/qualifications/{qualification.pk}/revoke/"
        assert address in client.get(f"{MF}/qualifications/").content.decode()
        assert client.post(address).status_code == 302
        qualification.refresh_from_db()
        assert qualification.revoked_at is not None
        assert mandate_of_last("qualification.revoked") is not None

    @pytest.mark.parametrize("name", ["keeper", "member", "outsider", "other"])
    def test_nobody_else_revokes(self, world, place, keeper, qualification, name):
        client = page(world, keeper, name)
        response = client.post(f"{MF}/qualifications/{qualification.pk}/revoke/")
        assert response.status_code == 403
        refused = api(world, keeper, name).post(
            f"{API}/qualifications/{qualification.pk}/revoke"
        )
        assert refused.status_code == 403
        qualification.refresh_from_db()
        assert qualification.revoked_at is None

    def test_the_api_revokes_once(self, world, place, qualification):
        client = ApiClient(world.owner)
        address = f"{API}/qualifications/{qualification.pk}/revoke"
        assert client.post(address).status_code == 200
        again = client.post(address)
        assert error_of(again)["message"] == str(services.ALREADY_REVOKED)

    def test_a_trainer_of_another_type_cannot_revoke(self, world, place, keeper):
        crane = services.equipment_type_create(
            by=world.founder, multifactory=world.multifactory, name="Crane"
        )
        qualification = services.qualification_grant(
            by=world.founder, person=world.member, equipment_type=crane
        )
        community.mandate_grant(
            by=world.founder,
            multifactory=world.multifactory,
            person=keeper,
            kind=MandateKind.TRAINER,
            scope="laser cutter",
        )
        with pytest.raises(PermissionDenied):
            services.qualification_revoke(by=keeper, qualification=qualification)
        assert Qualification.objects.get(pk=qualification.pk).revoked_at is None


# Incident photos ---------------------------------------------------------------------


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
GIF = b"GIF89a\x01\x00\x01\x00"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"


class TestIncidentPhotos:
    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    @pytest.mark.parametrize(
        ("name", "content"),
        [("a.png", PNG), ("a.gif", GIF), ("a.webp", WEBP), ("a.jpeg", JPEG)],
    )
    def test_real_images_are_accepted(self, world, place, name, content):
        response = world.client_for(world.member).post(
            f"{MF}/care/",
            {
                "title": "Broken window",
                "urgency": "normal",
                "photo": SimpleUploadedFile(name, content),
            },
        )
        assert response.status_code == 302
        assert Incident.objects.get().photo.name.endswith(name.split(".")[1])

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("leak.jpg", b"<html><script>alert(1)</script>"),
            ("leak.png", b"%PDF-1.7 a document"),
            ("leak.webp", b"RIFF\x00\x00\x00\x00WAVEfmt "),
        ],
    )
    def test_anything_else_is_refused_with_a_clear_message(
        self, world, place, name, content
    ):
        response = world.client_for(world.member).post(
            f"{MF}/care/",
            {
                "title": "Leak",
                "urgency": "normal",
                "photo": SimpleUploadedFile(name, content, "image/jpeg"),
            },
        )
        assert response.status_code == 400
        assert response.context["form"].errors == {
            "photo": [str(care_services.PHOTO_NOT_AN_IMAGE)]
        }
        assert not Incident.objects.exists()

    def test_the_service_refuses_a_disguised_file_too(self, world, place):
        with pytest.raises(ValidationError) as error:
            care_services.incident_report(
                by=world.member,
                multifactory=world.multifactory,
                title="Leak",
                photo=SimpleUploadedFile("leak.png", b"MZ\x90\x00 an executable"),
            )
        assert error.value.message_dict == {
            "photo": [str(care_services.PHOTO_NOT_AN_IMAGE)]
        }


def test_my_bookings_table_scrolls_inside_its_wrapper_on_a_phone(world, place):
    body = world.client_for(world.member).get(f"{MF}/my-bookings/").content.decode()
    assert '<div class="table-wrap"><table id="my-bookings">' in body


def test_the_new_pages_are_in_italian_for_italian_speakers(world, place, keeper):
    keeper.language = "it"
    keeper.save(update_fields=["language"])
    client = page(world, keeper, "keeper")
    body = client.get(f"{MF}/keys/").content.decode()
    assert "Controllori delle porte" in body
    assert (
        "Tipi di attrezzatura" in client.get(f"{MF}/equipment-types/").content.decode()
    )
