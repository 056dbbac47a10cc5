"""Issue 7, finding 8: logins and password resets are throttled.

Before: 40 wrong passwords and then the right one logged in; 30 reset requests sent
30 e-mails."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD


def _log_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_forty_wrong_passwords_lock_the_account_even_for_the_right_one(world):
    client = Client()
    for _attempt in range(40):
        _log_in(client, "member@example.org", "guess")

    response = _log_in(client, "member@example.org", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Logging in is paused" in response.content.decode()
    assert response["Retry-After"] == "900"


def test_the_lock_holds_from_another_address_and_in_any_case(world):
    for _attempt in range(10):
        _log_in(Client(REMOTE_ADDR="10.0.0.1"), "member@example.org", "guess")

    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    response = _log_in(elsewhere, "MEMBER@example.org", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in elsewhere.session


def test_one_address_trying_many_accounts_is_locked_out(world):
    client = Client(REMOTE_ADDR="10.0.0.3")
    for number in range(10):
        _log_in(client, f"nobody{number}@example.org", "guess")

    response = _log_in(client, "owner@example.org", PASSWORD)

    assert response.status_code == 429


def test_the_account_opens_again_once_the_window_has_passed(world):
    client = Client()
    for _attempt in range(10):
        _log_in(client, "member@example.org", "guess")
    assert _log_in(client, "member@example.org", PASSWORD).status_code == 429

    # Sixteen minutes later: the failures are older than the window.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    response = _log_in(client, "member@example.org", PASSWORD)

    assert response.status_code == 302


def test_a_few_wrong_passwords_do_not_lock_anybody_out(world):
    client = Client()
    for _attempt in range(3):
        assert _log_in(client, "member@example.org", "guess").status_code == 200

    assert _log_in(client, "member@example.org", PASSWORD).status_code == 302


def test_the_locked_out_page_is_translated(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    for _attempt in range(10):
        _log_in(client, "member@example.org", "guess")

    response = _log_in(client, "member@example.org", PASSWORD)

    assert response.status_code == 429
    assert "L’accesso è sospeso" in response.content.decode()
    assert "nessun accesso è accettato per 15 minuti" in response.content.decode()


def test_the_operator_login_is_locked_out_too(world):
    client = Client()
    for _attempt in range(10):
        client.post(
            "/operator/login/", {"username": "founder@example.org", "password": "x"}
        )

    response = client.post(
        "/operator/login/", {"username": "founder@example.org", "password": PASSWORD}
    )

    assert response.status_code == 429


def test_thirty_reset_requests_do_not_send_thirty_emails(world, client):
    answers = [
        client.post(
            reverse("password_reset"), {"email": "member@example.org"}
        ).status_code
        for _request in range(30)
    ]

    assert len(mail.outbox) == 3
    assert answers[:3] == [302, 302, 302]
    assert set(answers[3:]) == {429}


def test_one_address_cannot_send_resets_to_many_accounts(world, client):
    for number in range(10):
        client.post(reverse("password_reset"), {"email": f"p{number}@example.org"})

    response = client.post(reverse("password_reset"), {"email": "member@example.org"})

    assert response.status_code == 429
    assert mail.outbox == []


def test_a_throttled_reset_says_what_to_do_in_the_visitors_language(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    for _request in range(3):
        client.post(reverse("password_reset"), {"email": "member@example.org"})

    response = client.post(reverse("password_reset"), {"email": "member@example.org"})

    assert response.status_code == 429
    content = response.content.decode()
    assert "Troppe richieste" in content
    assert "Attendi" in content
    assert int(response["Retry-After"]) > 0
