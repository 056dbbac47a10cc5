"""One pagination for every list."""

import pytest
from django.test import RequestFactory

from multifactory.api.pagination import MAX_LIMIT, PageParams, paginate
from multifactory.api.testing import ApiClient
from multifactory.community.models import Multifactory


def _page(path: str, items, **params):
    request = RequestFactory().get(path, params)
    return paginate(request, items, PageParams(**params))


def test_a_page_links_to_the_next_and_previous_ones():
    page = _page("/api/v1/things", list(range(45)), limit=20, offset=20)
    assert page["items"] == list(range(20, 40))
    assert page["count"] == 45
    assert page["next"] == "http://testserver/api/v1/things?limit=20&offset=40"
    assert page["previous"] == "http://testserver/api/v1/things?limit=20&offset=0"


def test_the_first_and_last_pages_have_no_link_beyond():
    first = _page("/x", list(range(5)), limit=10, offset=0)
    assert first["next"] is None and first["previous"] is None


def test_a_page_past_the_end_is_empty_but_still_counts():
    page = _page("/x", list(range(5)), limit=10, offset=50)
    assert page["items"] == [] and page["count"] == 5
    assert page["previous"] == "http://testserver/x?limit=10&offset=40"


def test_links_keep_the_filters():
    request = RequestFactory().get("/x", {"kind": "artisan", "limit": 10})
    page = paginate(request, list(range(30)), PageParams(limit=10))
    assert "kind=artisan" in page["next"]


def test_the_limit_is_capped():
    with pytest.raises(ValueError):
        PageParams(limit=MAX_LIMIT + 1)


@pytest.mark.django_db
def test_a_list_endpoint_answers_with_a_page(world):
    response = ApiClient(world.member).get("/api/v1/multifactories", limit=1)
    body = response.json()
    assert set(body) == {"items", "count", "next", "previous"}
    assert len(body["items"]) == 1
    assert body["count"] == Multifactory.objects.filter(is_public=True).count()
    assert body["next"].endswith("limit=1&offset=1")
