from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from multifactory.community import services
from multifactory.community.models import Invitation, Membership, Person
from multifactory.community.services import (
    INVITATION_EXPIRED,
    INVITATION_INVALID,
    INVITATION_REVOKED,
    INVITATION_USED,
    INVITATION_WRONG_PERSON,
)

GOOD = {"full_name": "Nina Newcomer", "password1": "plenty of words here",
        "password2": "plenty of words here"}  # fmt: skip


def invite(world, email="nina@example.org"):
    _invitation, token = services.invitation_create(
        by=world.owner, organization=world.company, email=email
    )
    return token


def url(token):
    return reverse("invitation_accept", kwargs={"token": token})


def test_a_newcomer_sets_a_name_and_password_and_joins(world, client):
    token = invite(world)
    assert client.get(url(token)).status_code == 200
    response = client.post(url(token), GOOD)
    assert response.status_code == 302
    assert response.url == world.company.get_absolute_url()
    nina = Person.objects.get(email="nina@example.org")
    assert nina.check_password("plenty of words here")
    assert Membership.objects.filter(person=nina, organization=world.company).exists()
    assert client.get(reverse("profile")).status_code == 200  # logged in


def test_passwords_that_differ_are_refused_on_the_field(world, client):
    token = invite(world)
    response = client.post(url(token), GOOD | {"password2": "something else"})
    assert response.status_code == 400
    assert "password2" in response.context["form"].errors
    assert not Person.objects.filter(email="nina@example.org").exists()


def test_a_weak_password_is_refused_on_the_field(world, client):
    token = invite(world)
    response = client.post(
        url(token), GOOD | {"password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 400
    assert "password1" in response.context["form"].errors


def test_a_logged_in_person_with_the_invited_email_joins_with_one_click(world):
    token = invite(world, email=world.outsider.email)
    client = world.client_for(world.outsider)
    assert b'id="invitation-form"' in client.get(url(token)).content
    response = client.post(url(token))
    assert response.status_code == 302
    assert Membership.objects.filter(
        person=world.outsider, organization=world.company
    ).exists()


def test_a_logged_in_person_with_another_email_is_told_to_log_in_as_the_invitee(world):
    token = invite(world)
    client = world.client_for(world.other)
    response = client.get(url(token))
    expected = str(INVITATION_WRONG_PERSON % {"email": "nina@example.org"})
    assert expected in response.content.decode()
    client.post(url(token))
    assert not Membership.objects.filter(
        person=world.other, organization=world.company
    ).exists()


def test_an_unknown_link_says_it_is_not_valid(world, client):
    response = client.get(url("nonsense"))
    assert response.status_code == 404
    assert str(INVITATION_INVALID) in response.content.decode()


def test_an_expired_link_says_it_expired(world, client):
    token = invite(world)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url(token))
    assert response.status_code == 410
    assert str(INVITATION_EXPIRED) in response.content.decode()


def test_a_used_link_says_it_was_used(world, client):
    token = invite(world)
    client.post(url(token), GOOD)
    response = world.client_for(None).get(url(token))
    assert response.status_code == 410
    assert str(INVITATION_USED) in response.content.decode()


def test_a_withdrawn_link_says_it_was_withdrawn(world, client):
    token = invite(world)
    services.invitation_revoke(by=world.owner, invitation=Invitation.objects.get())
    response = client.post(url(token), GOOD)
    assert response.status_code == 410
    assert str(INVITATION_REVOKED) in response.content.decode()
    assert not Person.objects.filter(email="nina@example.org").exists()


def test_a_newcomer_form_for_an_existing_account_says_to_log_in(world, client):
    token = invite(world, email=world.outsider.email)
    response = client.post(url(token), GOOD)
    assert response.status_code == 400
    expected = str(INVITATION_WRONG_PERSON % {"email": world.outsider.email})
    assert expected in response.content.decode()
    world.outsider.refresh_from_db()
    assert world.outsider.full_name == "Otto Outsider"
