"""Issue 7, finding 9: a site whose SITE_URL is https sends HSTS and keeps its
cookies to HTTPS, without further settings (before: both off unless set one by
one); each can still be overridden."""

import runpy
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
VARIABLES = (
    "SITE_URL",
    "SECURE_COOKIES",
    "HSTS_SECONDS",
    "HSTS_INCLUDE_SUBDOMAINS",
    "HSTS_PRELOAD",
)


def settings_with(monkeypatch, tmp_path, **variables) -> dict:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MULTIFACTORY_DATA_DIR", str(tmp_path))
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "multifactory" / "settings.py"))


def test_an_https_site_url_turns_on_hsts_and_secure_cookies(monkeypatch, tmp_path):
    loaded = settings_with(monkeypatch, tmp_path, SITE_URL="https://r84.example.org")
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SECURE_HSTS_SECONDS"] == 31536000


def test_a_plain_http_site_url_leaves_them_off(monkeypatch, tmp_path):
    loaded = settings_with(monkeypatch, tmp_path, SITE_URL="http://127.0.0.1:8000")
    assert loaded["SESSION_COOKIE_SECURE"] is False
    assert loaded["SECURE_HSTS_SECONDS"] == 0


def test_each_can_be_overridden(monkeypatch, tmp_path):
    loaded = settings_with(
        monkeypatch,
        tmp_path,
        SITE_URL="https://r84.example.org",
        SECURE_COOKIES="0",
        HSTS_SECONDS="300",
        HSTS_INCLUDE_SUBDOMAINS="1",
    )
    assert loaded["SESSION_COOKIE_SECURE"] is False
    assert loaded["SECURE_HSTS_SECONDS"] == 300
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


@pytest.mark.django_db
def test_an_https_response_carries_the_hsts_header(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
