"""The address the throttles count by: a client cannot choose it by sending a
header, and behind the HTTPS proxy it is the one nginx saw."""

from django.test import RequestFactory

from multifactory.core.throttle import client_ip, login_username


def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_a_forwarded_header_is_ignored(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    request = _request(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_ip(request) == "203.0.113.9"


def test_behind_the_proxy_the_address_nginx_appended_counts(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = _request(
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.9",  # the first one is invented
    )
    assert client_ip(request) == "203.0.113.9"


def test_a_login_counts_for_the_account_whatever_the_case():
    request = RequestFactory().post("/login/", {"username": " Ada@Example.org "})
    assert login_username(request, None) == "ada@example.org"
    assert login_username(request, {"username": "ADA@example.org"}) == "ada@example.org"


def test_a_test_client_can_still_log_in_without_a_request(world):
    from django.test import Client

    from conftest import PASSWORD

    assert Client().login(username="member@example.org", password=PASSWORD)
