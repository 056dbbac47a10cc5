"""Every page address with a number in it (<int:pk>, <int:year>/<int:seq>, …) answers
a number beyond 64 bits with 404, never a server error; "²" and other Unicode digits
never reach a view (Django's int converter matches ASCII digits only)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HUGE = "9" * 30


def page_routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from page_routes(pattern, route)
        elif (
            isinstance(pattern, URLPattern)
            and "<int:" in route
            and not route.startswith(("api/", "operator/"))
        ):
            yield route


def address(route: str, number: str) -> str:
    path = route.replace("<slug:mf>", "r84-test").replace("<slug:org>", "atelier-uno")
    path = path.replace("<slug:slug>", "meeting-room")
    return "/" + re.sub(r"<int:\w+>", number, path)


@pytest.mark.django_db
def test_a_number_beyond_64_bits_in_any_page_address_is_not_found(world):
    client = world.client_for(world.founder)
    routes = list(page_routes())
    assert len(routes) > 25
    for route in routes:
        for method in ("get", "post"):
            response = getattr(client, method)(address(route, HUGE))

            assert response.status_code in {404, 405}, (method, route)


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["²", "٣", "-1", "1.0"])
def test_a_number_that_is_not_ascii_digits_in_an_address_is_not_found(world, number):
    client = world.client_for(world.founder)
    for route in page_routes():
        assert client.get(address(route, number)).status_code == 404, route
