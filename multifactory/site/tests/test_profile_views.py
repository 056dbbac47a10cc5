from django.urls import reverse

from conftest import PASSWORD
from multifactory.api.models import ApiToken
from multifactory.api.services import api_token_authenticate, api_token_create
from multifactory.audit.models import AuditEvent


def test_visitors_are_sent_to_log_in(world):
    response = world.client_for(None).get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_person_changes_name_and_language(world):
    client = world.client_for(world.member)
    response = client.post(
        reverse("profile"), {"full_name": "Marco Rossi", "language": "it"}
    )
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert (world.member.full_name, world.member.language) == ("Marco Rossi", "it")
    event = AuditEvent.objects.filter(action="person.updated").latest("id")
    assert event.changes["full_name"] == ["Marco Member", "Marco Rossi"]
    assert "Il tuo profilo" in client.get(reverse("profile")).content.decode()


def test_an_empty_name_is_refused_with_a_field_error(world):
    response = world.client_for(world.member).post(
        reverse("profile"), {"full_name": "", "language": "en"}
    )
    assert response.status_code == 400
    assert "full_name" in response.context["form"].errors
    world.member.refresh_from_db()
    assert world.member.full_name == "Marco Member"


def test_a_token_is_shown_once_and_works(world):
    client = world.client_for(world.member)
    response = client.post(reverse("api_token_create"), {"name": "my script"})
    assert response.status_code == 200
    token = response.context["new_token"]
    assert token in response.content.decode()
    assert api_token_authenticate(token) == world.member
    again = client.get(reverse("profile")).content.decode()
    assert token not in again
    assert "my script" in again


def test_a_token_needs_a_name(world):
    response = world.client_for(world.member).post(
        reverse("api_token_create"), {"name": ""}
    )
    assert response.status_code == 400
    assert "name" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_own_token(world):
    api_token, token = api_token_create(by=world.member, name="old")
    response = world.client_for(world.member).post(
        reverse("api_token_revoke", kwargs={"pk": api_token.pk})
    )
    assert response.status_code == 302
    assert api_token_authenticate(token) is None


def test_nobody_revokes_the_token_of_someone_else(world):
    api_token, token = api_token_create(by=world.member, name="mine")
    response = world.client_for(world.owner).post(
        reverse("api_token_revoke", kwargs={"pk": api_token.pk})
    )
    assert response.status_code == 404
    assert api_token_authenticate(token) == world.member


def test_a_person_changes_their_password(world):
    client = world.client_for(world.member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much better secret 42",
            "new_password2": "a much better secret 42",
        },  # fmt: skip
    )
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.check_password("a much better secret 42")


def test_a_wrong_old_password_is_refused(world):
    response = world.client_for(world.member).post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "a much better secret 42",
            "new_password2": "a much better secret 42",
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
