"""JSON API of the notifications capability (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["notifications"])
