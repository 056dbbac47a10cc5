"""Helpers to prove a page runs a constant number of queries, whatever its size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_constant_queries(django_assert_num_queries, fetch, grow) -> int:
    """Run `fetch()`, then `grow()` the data, then require `fetch()` to run exactly
    as many queries again. Returns the number of queries."""
    with CaptureQueriesContext(connection) as small:
        response = fetch()
    assert response.status_code == 200
    grow()
    with django_assert_num_queries(len(small)):
        response = fetch()
    assert response.status_code == 200
    return len(small)
