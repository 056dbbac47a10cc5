"""Money in the place: costs and deposits are typed in major units in the person's
locale (no more cents typed by hand), shown the same way, and sent by the API as
integer minor units with the currency."""

import pytest
from django.utils import translation

from multifactory.api.testing import ApiClient, error_of
from multifactory.doors import services as doors_services
from multifactory.doors.models import Key, KeyHandover
from multifactory.place.tests.test_managing_the_place import API, MF, keeper  # noqa: F401


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


def italian(person):
    person.language = "it"
    person.save(update_fields=["language"])


def test_the_resource_page_shows_its_cost_in_the_persons_locale(world, place):
    address = f"{MF}/r/{place.laser.slug}/"
    assert "€12.00" in world.client_for(world.member).get(address).text
    italian(world.member)
    assert "12,00\xa0€" in world.client_for(world.member).get(address).text


def test_the_cost_is_typed_in_italian_and_stored_in_minor_units(
    world,
    place,
    keeper,  # noqa: F811
):
    italian(keeper)
    client = world.client_for(keeper)
    address = f"{MF}/r/{place.laser.slug}/edit/"
    form = client.get(address).text
    assert 'value="12,00"' in form and "Costo orario (EUR)" in form
    response = client.post(
        address,
        {
            "name": "Laser cutter",
            "status": "available",
            "hourly_cost": "1.234,50",
            "equipment_type": place.laser_type.pk,
            "located_in": place.room.pk,
        },
    )
    assert response.status_code == 302, response.text
    place.laser.refresh_from_db()
    assert place.laser.hourly_cost == 123450


def test_a_cost_with_more_decimals_than_the_currency_is_refused_and_kept(
    world,
    place,
    keeper,  # noqa: F811
):
    response = world.client_for(keeper).post(
        f"{MF}/r/{place.laser.slug}/edit/",
        {"name": "Laser cutter", "status": "available", "hourly_cost": "12.345"},
    )
    assert response.status_code == 400
    assert (
        "An amount in EUR has at most 2 decimals: write for example 1,234.56."
        in response.text
    )
    assert 'value="12.345"' in response.text
    place.laser.refresh_from_db()
    assert place.laser.hourly_cost == 1200


def test_the_keys_register_shows_deposits_and_offers_them_back_as_typed(
    world,
    place,
    keeper,  # noqa: F811
):
    key = doors_services.key_create(
        by=keeper,
        multifactory=world.multifactory,
        kind="key",
        label="Workshop",
        code="K-7",
        deposit=2000,
    )
    doors_services.key_issue(by=keeper, key=key, holder=world.member, deposit_paid=2000)
    client = world.client_for(keeper)
    register = client.get(f"{MF}/keys/").text
    assert "€20.00" in register
    assert 'name="deposit_returned"' in register and 'value="20.00"' in register
    client.post(f"{MF}/keys/{key.pk}/return/", {"deposit_returned": "12.50"})
    assert KeyHandover.objects.get().deposit_returned == 1250


def test_the_api_sends_the_cost_as_minor_units_with_the_currency(world, place):
    body = ApiClient(world.member).get(f"{API}/resources/{place.laser.slug}").json()
    assert body["hourly_cost"] == {"minor_units": 1200, "currency": "EUR"}


def test_the_api_takes_an_amount_as_minor_units_or_with_its_currency(
    world,
    place,
    keeper,  # noqa: F811
):
    client = ApiClient(keeper)
    plain = client.post(
        f"{API}/keys", {"kind": "key", "label": "A", "code": "K-1", "deposit": 1500}
    )
    assert plain.status_code == 201, plain.json()
    typed = client.post(
        f"{API}/keys",
        {
            "kind": "key",
            "label": "B",
            "code": "K-2",
            "deposit": {"minor_units": 2500, "currency": "EUR"},
        },
    )
    assert typed.status_code == 201, typed.json()
    assert sorted(Key.objects.values_list("deposit", flat=True)) == [1500, 2500]


def test_the_api_refuses_an_amount_in_another_currency(
    world,
    place,
    keeper,  # noqa: F811
):
    response = ApiClient(keeper).post(
        f"{API}/keys",
        {
            "kind": "key",
            "label": "C",
            "code": "K-3",
            "deposit": {"minor_units": 2500, "currency": "CHF"},
        },
    )
    assert response.status_code == 422
    assert error_of(response)["fields"]["deposit"] == [
        "Amounts here are in EUR (the multifactory's currency), not CHF."
    ]
    assert not Key.objects.exists()
