"""Shared bits of the API tests: one client per role of the `world` fixture."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from multifactory.api.testing import ApiClient
from multifactory.community.models import Membership, Person, Role

MF = "/api/v1/m/r84-test"
ROLES = ("founder", "owner", "member", "outsider", "other", "anonymous")


def client_as(world, role: str) -> ApiClient:
    return ApiClient(None if role == "anonymous" else getattr(world, role))


def queries_for(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        response = call()
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


def assert_constant_queries(call: Callable, add_rows: Callable[[int], None]) -> None:
    """The list costs as many queries with 30 rows as with 3."""
    call()  # the first call of a token records its use: not part of the list
    add_rows(3)
    few = queries_for(call)
    add_rows(27)
    many = queries_for(call)
    assert few == many, f"{few} queries for few rows, {many} for many"


def add_people(world, n: int) -> None:
    """`n` more people in the neighbour company (bulk: the fixture is not the test)."""
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(email=f"person-{start + i}@example.org", full_name=f"Person {start + i}")
        for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(
            multifactory=world.multifactory,
            organization=world.neighbour,
            person=person,
            role=Role.MEMBER,
        )
        for person in people
    )
