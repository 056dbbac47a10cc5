import pytest
from django.urls import reverse

from multifactory.community.models import Mandate, MandateKind, Multifactory
from multifactory.community.services import SLUG_TAKEN


def test_it_lists_public_multifactories_to_visitors(world):
    response = world.client_for(None).get(reverse("home"))
    assert response.status_code == 200
    assert b"R84 Test" in response.content
    assert b"Elsewhere" in response.content
    assert b'id="found-form"' not in response.content


def test_it_hides_multifactories_that_are_not_listed(world):
    Multifactory.objects.filter(pk=world.other_multifactory.pk).update(is_public=False)
    response = world.client_for(world.member).get(reverse("home"))
    assert b"Elsewhere" not in response.content


def test_it_shows_your_multifactories_and_the_found_form(world):
    response = world.client_for(world.member).get(reverse("home"))
    mine = response.context["my_multifactories"]
    assert list(mine) == [world.multifactory]
    assert b'id="found-form"' in response.content


def test_the_page_shell_has_landmarks_skip_link_and_stylesheet(world):
    content = world.client_for(world.member).get(reverse("home")).content.decode()
    assert 'class="skip-link" href="#main"' in content
    assert '<main id="main"' in content
    assert "<header" in content and "<footer" in content
    assert "/static/multifactory/site.css" in content
    assert "style=" not in content  # the CSP forbids inline styles


def test_a_person_founds_a_multifactory_and_holds_the_founding_mandate(world):
    response = world.client_for(world.outsider).post(
        reverse("multifactory_found"),
        {
            "name": "Risma 11",
            "slug": "risma11",
            "time_zone": "Europe/Rome",
            "currency": "EUR",
            "is_public": "on",
        },  # fmt: skip
    )
    multifactory = Multifactory.objects.get(slug="risma11")
    assert response.status_code == 302
    assert response.url == multifactory.get_absolute_url()
    assert (
        Mandate.objects.get(multifactory=multifactory, person=world.outsider).kind
        == MandateKind.FOUNDER
    )


def test_it_refuses_a_duplicate_address_politely(world):
    response = world.client_for(world.outsider).post(
        reverse("multifactory_found"),
        {
            "name": "Again",
            "slug": "r84-test",
            "time_zone": "Europe/Rome",
            "currency": "EUR",
        },  # fmt: skip
    )
    assert response.status_code == 400
    assert str(SLUG_TAKEN) in response.context["found_form"].errors["slug"]


def test_it_shows_field_errors_for_a_bad_time_zone(world):
    response = world.client_for(world.outsider).post(
        reverse("multifactory_found"),
        {"name": "Zoned", "time_zone": "Mars/Olympus", "currency": "EUR"},
    )
    assert response.status_code == 400
    assert "time_zone" in response.context["found_form"].errors
    assert not Multifactory.objects.filter(name="Zoned").exists()


def test_visitors_cannot_found_a_multifactory(world):
    response = world.client_for(None).post(
        reverse("multifactory_found"), {"name": "Ghost", "currency": "EUR"}
    )
    assert response.status_code == 302
    assert reverse("login") in response.url
    assert not Multifactory.objects.filter(name="Ghost").exists()


@pytest.mark.parametrize("method", ["get"])
def test_founding_needs_a_post(world, method):
    response = world.client_for(world.outsider).get(reverse("multifactory_found"))
    assert response.status_code == 405


def test_the_stylesheet_is_served_by_the_app(client):
    from django.contrib.staticfiles import finders

    assert finders.find("multifactory/site.css")
    response = client.get("/static/multifactory/site.css")
    assert response.status_code == 200
