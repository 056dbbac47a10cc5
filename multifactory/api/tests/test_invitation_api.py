"""Invitations: create, list, revoke, accept."""

import pytest
from django.core import mail

from multifactory.api.testing import ApiClient, error_of
from multifactory.community import services
from multifactory.community.models import Invitation, Membership, Person

from .helpers import MF, assert_constant_queries, client_as

INVITATIONS = f"{MF}/companies/atelier-uno/invitations"
ACCEPT = "/api/v1/invitations/accept"


def _invite(world, email="new@example.org") -> tuple[Invitation, str]:
    return services.invitation_create(
        by=world.owner, organization=world.company, email=email
    )


@pytest.mark.django_db
class TestInvitationCreate:
    def test_a_representative_invites_by_e_mail_and_never_sees_the_link(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = ApiClient(world.owner).post(
                INVITATIONS, {"email": "New@Example.org", "role": "member"}
            )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["email"] == "new@example.org"
        assert body["state"] == "pending"
        assert "token" not in str(body).lower()
        assert [message.to for message in mail.outbox] == [["new@example.org"]]
        assert "/invitation/" in mail.outbox[0].body

    @pytest.mark.parametrize(
        "role,status",
        [("member", 403), ("outsider", 403), ("other", 403), ("anonymous", 401)],
    )
    def test_nobody_else_may(self, world, role, status):
        response = client_as(world, role).post(INVITATIONS, {"email": "x@example.org"})
        assert response.status_code == status
        assert not Invitation.objects.exists()

    def test_a_person_already_in_the_company_is_refused_on_the_e_mail(self, world):
        response = ApiClient(world.owner).post(
            INVITATIONS, {"email": "MEMBER@example.org"}
        )
        assert response.status_code == 422
        assert error_of(response)["fields"]["email"] == [str(services.ALREADY_MEMBER)]

    def test_a_malformed_e_mail_is_named(self, world):
        response = ApiClient(world.owner).post(INVITATIONS, {"email": "not-an-email"})
        assert response.status_code == 422
        assert "email" in error_of(response)["fields"]


@pytest.mark.django_db
class TestInvitationList:
    def test_a_representative_lists_the_invitations(self, world):
        _invite(world)
        response = ApiClient(world.owner).get(INVITATIONS)
        assert response.status_code == 200
        assert [i["email"] for i in response.json()["items"]] == ["new@example.org"]

    @pytest.mark.parametrize(
        "role,status",
        [("member", 403), ("outsider", 403), ("other", 403), ("anonymous", 401)],
    )
    def test_nobody_else_may(self, world, role, status):
        assert client_as(world, role).get(INVITATIONS).status_code == status

    def test_it_costs_the_same_queries_for_many_invitations(self, world):
        api = ApiClient(world.owner)
        count = iter(range(1000))

        def add(n):
            for _ in range(n):
                _invite(world, f"guest{next(count)}@example.org")

        assert_constant_queries(lambda: api.get(INVITATIONS, limit=100), add)


@pytest.mark.django_db
class TestInvitationRevoke:
    def test_a_representative_withdraws_an_invitation(self, world):
        invitation, _token = _invite(world)
        response = ApiClient(world.owner).post(
            f"{MF}/invitations/{invitation.pk}/revoke"
        )
        assert response.status_code == 200, response.json()
        assert response.json()["state"] == "revoked"

    def test_only_a_pending_invitation_can_be_withdrawn(self, world):
        invitation, _token = _invite(world)
        api = ApiClient(world.owner)
        api.post(f"{MF}/invitations/{invitation.pk}/revoke")
        response = api.post(f"{MF}/invitations/{invitation.pk}/revoke")
        assert response.status_code == 422

    @pytest.mark.parametrize(
        "role,status",
        [("member", 403), ("outsider", 403), ("other", 403), ("anonymous", 401)],
    )
    def test_nobody_else_may(self, world, role, status):
        invitation, _token = _invite(world)
        response = client_as(world, role).post(
            f"{MF}/invitations/{invitation.pk}/revoke"
        )
        assert response.status_code == status

    def test_an_invitation_of_another_multifactory_is_not_found_here(self, world):
        elsewhere, _token = services.invitation_create(
            by=world.other, organization=world.other_company, email="x@example.org"
        )
        response = ApiClient(world.other).post(
            f"{MF}/invitations/{elsewhere.pk}/revoke"
        )
        assert response.status_code == 404


@pytest.mark.django_db
class TestInvitationAccept:
    def test_a_person_with_an_account_joins_as_themselves(self, world):
        _invitation, token = _invite(world, "outsider@example.org")
        response = ApiClient(world.outsider).post(ACCEPT, {"token": token})
        assert response.status_code == 201, response.json()
        assert response.json()["organization"] == "atelier-uno"
        assert Membership.objects.filter(
            person=world.outsider, organization=world.company
        ).exists()

    def test_the_invitation_is_for_its_own_address_only(self, world):
        _invitation, token = _invite(world, "someone@example.org")
        response = ApiClient(world.outsider).post(ACCEPT, {"token": token})
        assert response.status_code == 422
        assert "someone@example.org" in error_of(response)["message"]

    def test_a_newcomer_gets_an_account(self, world):
        _invitation, token = _invite(world)
        response = ApiClient(None).post(
            ACCEPT,
            {"token": token, "full_name": "Nina New", "password": "long enough 123!"},
        )
        assert response.status_code == 201, response.json()
        assert Person.objects.get(email="new@example.org").full_name == "Nina New"

    def test_a_newcomer_must_give_a_name_and_a_password(self, world):
        _invitation, token = _invite(world)
        response = ApiClient(None).post(ACCEPT, {"token": token})
        assert response.status_code == 422
        assert set(error_of(response)["fields"]) == {"full_name", "password"}

    def test_a_weak_password_is_refused_on_the_password_field(self, world):
        _invitation, token = _invite(world)
        response = ApiClient(None).post(
            ACCEPT, {"token": token, "full_name": "Nina", "password": "123"}
        )
        assert response.status_code == 422
        assert error_of(response)["fields"]["password"]
        assert not Person.objects.filter(email="new@example.org").exists()

    def test_a_wrong_token_is_refused(self, world):
        response = ApiClient(world.outsider).post(ACCEPT, {"token": "nope"})
        assert response.status_code == 422
        assert error_of(response)["message"] == str(services.INVITATION_INVALID)

    def test_an_invitation_is_used_once(self, world):
        _invitation, token = _invite(world, "outsider@example.org")
        api = ApiClient(world.outsider)
        api.post(ACCEPT, {"token": token})
        response = api.post(ACCEPT, {"token": token})
        assert response.status_code == 422
        assert error_of(response)["message"] == str(services.INVITATION_USED)
