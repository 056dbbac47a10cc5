"""Who is calling: personal token, session (with CSRF), or a visitor."""

import pytest
from django.test import Client

from multifactory.api import errors
from multifactory.api.models import ApiToken
from multifactory.api.services import api_token_create, api_token_revoke
from multifactory.api.testing import ApiClient, error_of

ME = "/api/v1/me"
DIRECTORY = "/api/v1/m/r84-test/companies"


@pytest.mark.django_db
class TestPersonalToken:
    def test_it_authenticates_a_person_by_bearer_token(self, world):
        response = ApiClient(world.member).get(ME)
        assert response.status_code == 200
        assert response.json()["email"] == "member@example.org"

    def test_it_records_when_a_token_was_last_used(self, world):
        api = ApiClient(world.member)
        api.get(ME)
        assert ApiToken.objects.get(person=world.member).last_used_at is not None

    def test_it_refuses_a_revoked_token(self, world):
        api_token, token = api_token_create(by=world.member, name="laptop")
        api_token_revoke(by=world.member, api_token=api_token)
        response = Client().get(ME, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert error_of(response)["message"] == str(errors.BAD_TOKEN)

    def test_it_refuses_a_wrong_token_even_where_visitors_may_read(self, world):
        response = Client().get(DIRECTORY, headers={"Authorization": "Bearer mf_nope"})
        assert response.status_code == 401
        assert error_of(response)["code"] == "not_authenticated"

    def test_it_refuses_a_token_of_a_deactivated_person(self, world):
        api = ApiClient(world.member)
        world.member.is_active = False
        world.member.save(update_fields=["is_active"])
        assert api.get(ME).status_code == 401

    def test_it_refuses_other_authorization_schemes(self, world):
        response = Client().get(ME, headers={"Authorization": "Basic Zm9vOmJhcg=="})
        assert response.status_code == 401

    def test_it_needs_no_csrf_token(self, world):
        api = ApiClient(world.member)
        api.client = Client(enforce_csrf_checks=True)
        response = api.patch(ME, {"full_name": "Marco M."})
        assert response.status_code == 200


@pytest.mark.django_db
class TestSession:
    def test_it_authenticates_a_logged_in_browser(self, world):
        response = world.client_for(world.owner).get(ME)
        assert response.status_code == 200
        assert response.json()["email"] == "owner@example.org"

    def test_it_refuses_an_unsafe_request_without_the_csrf_header(self, world):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.owner)
        response = client.patch(
            ME, data={"full_name": "X"}, content_type="application/json"
        )
        assert response.status_code == 403
        assert error_of(response)["message"] == str(errors.CSRF_FAILED)

    def test_it_accepts_an_unsafe_request_with_the_csrf_header(self, world):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.owner)
        client.get("/api/v1/docs")  # sets the CSRF cookie, as the docs page does
        token = client.cookies["csrftoken"].value
        response = client.patch(
            ME,
            data={"full_name": "Olga O."},
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 200, response.json()
        assert response.json()["full_name"] == "Olga O."


@pytest.mark.django_db
class TestVisitor:
    def test_a_visitor_reads_the_public_directory(self, world):
        assert ApiClient(None).get(DIRECTORY).status_code == 200

    def test_a_visitor_gets_401_where_a_person_is_needed(self, world):
        response = ApiClient(None).get(ME)
        assert response.status_code == 401
        error = error_of(response)
        assert error["code"] == "not_authenticated"
        assert error["message"] == str(errors.NOT_AUTHENTICATED)
        assert response["WWW-Authenticate"] == "Bearer"

    def test_a_visitor_cannot_write_even_without_csrf(self, world):
        response = Client(enforce_csrf_checks=True).post(
            "/api/v1/multifactories",
            data={"name": "Mine"},
            content_type="application/json",
        )
        assert response.status_code == 401
