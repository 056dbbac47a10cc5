"""JSON API of the community capability (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["community"])
