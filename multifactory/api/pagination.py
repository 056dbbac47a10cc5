"""One pagination for every list: ``?limit=&offset=`` in, a page out.

A page is ``{"items": [...], "count": N, "next": url | null, "previous": url | null}``.
Two queries whatever the size of the list: the count and the slice.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# Far beyond any real list, and inside a 64-bit OFFSET on every database.
MAX_OFFSET = 1_000_000_000


class PageParams(Schema):
    """Use as ``page: Query[PageParams]`` in a list operation."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class Page[T](Schema):
    items: list[T]
    count: int
    next: str | None
    previous: str | None


def _url(request: HttpRequest, limit: int, offset: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, items: QuerySet | list, page: PageParams) -> dict:
    """Slice `items` (a queryset, evaluated once, or a list) into a page."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    limit, offset = page.limit, page.offset
    rows = list(items[offset : offset + limit]) if offset < count else []
    return {
        "items": rows,
        "count": count,
        "next": _url(request, limit, offset + limit)
        if offset + limit < count
        else None,
        "previous": _url(request, limit, max(offset - limit, 0))
        if offset > 0
        else None,
    }
