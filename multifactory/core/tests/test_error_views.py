from django.test import RequestFactory
from django.urls import reverse

from multifactory.community.access import NOT_A_MEMBER
from multifactory.core.views import server_error


def test_404_page_says_what_happened_and_what_to_do(world):
    response = world.client_for(None).get("/m/no-such-place/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "This page does not exist" in content
    assert "No multifactory lives at this address." in content
    assert reverse("home") in content


def test_403_page_gives_the_reason(world):
    response = world.client_for(world.outsider).get(
        reverse("community:people", kwargs={"mf": world.multifactory.slug})
    )
    assert response.status_code == 403
    content = response.content.decode()
    assert "You are not allowed to do this" in content
    assert str(NOT_A_MEMBER) in content


def test_500_page_renders_without_the_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b'<main id="main"' in response.content


def test_an_unknown_address_does_not_leak_the_url_resolver(world):
    response = world.client_for(None).get("/nothing-here/")
    assert response.status_code == 404
    assert b"tried" not in response.content


def test_an_expired_form_says_to_reload_and_send_again(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("login"), {})
    assert response.status_code == 403
    assert b"The form expired" in response.content


def test_500_page_has_no_broken_language_form():
    """Without a request there are no languages and no CSRF token to post with."""
    response = server_error(RequestFactory().get("/"))

    assert b'id="language-form"' not in response.content
    assert b"<select" not in response.content


def test_other_pages_keep_the_language_form(world):
    response = world.client_for(None).get(reverse("home"))

    assert b'id="language-form"' in response.content


def test_the_static_folder_exists_so_whitenoise_does_not_warn(settings):
    assert settings.STATIC_ROOT.is_dir()
