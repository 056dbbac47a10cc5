from django.core import mail
from django.urls import reverse

from conftest import PASSWORD


def test_a_person_logs_in_with_email_and_password(world, client):
    response = client.post(
        reverse("login"), {"username": "Member@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200


def test_a_wrong_password_is_refused_with_a_clear_message(world, client):
    response = client.post(
        reverse("login"), {"username": "member@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert b'role="alert"' in response.content


def test_the_login_page_labels_the_email_field(world, client):
    content = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">E-mail' in content
    assert 'id="login-form"' in content


def test_log_out_is_a_post(world):
    client = world.client_for(world.member)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("profile")).status_code == 302


def test_password_reset_sends_a_link_that_works(world, client):
    response = client.post(reverse("password_reset"), {"email": "member@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line
    )
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "a brand new secret 77",
            "new_password2": "a brand new secret 77",
        },
    )
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.check_password("a brand new secret 77")


def test_password_reset_does_not_tell_who_has_an_account(world, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_broken_reset_link_says_so(world, client):
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad"})
    )
    assert response.status_code == 200
    assert b'id="reset-link-invalid"' in response.content
