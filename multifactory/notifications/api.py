"""JSON API of notifications: my inbox and how I want to be told."""

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from multifactory.api.auth import ApiRequest
from multifactory.api.fields import Id
from multifactory.api.pagination import Page, PageParams, paginate
from multifactory.notifications import services
from multifactory.notifications.kinds import KINDS
from multifactory.notifications.models import Notification, NotificationPreference

router = Router(tags=["notifications"])

UNKNOWN_KIND = _("There is no such kind of notification.")


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    multifactory: str | None = Field(description="The multifactory's slug.")
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_multifactory(obj) -> str | None:
        return obj.multifactory.slug if obj.multifactory else None


class MarkReadIn(Schema):
    ids: list[Id] | None = Field(
        None, description="The notifications to mark read; all when omitted."
    )


class MarkReadOut(Schema):
    marked: int


class PreferenceOut(Schema):
    kind: str
    label: str
    in_app: bool
    email: bool


class PreferenceIn(Schema):
    in_app: bool
    email: bool


def _preferences(person) -> list[dict]:
    chosen = {
        preference.kind: preference
        for preference in NotificationPreference.objects.filter(person=person)
    }
    rows = []
    for code, kind in sorted(KINDS.items()):
        preference = chosen.get(code)
        rows.append(
            {
                "kind": code,
                "label": str(kind.label),
                "in_app": preference.in_app if preference else True,
                "email": preference.email if preference else kind.email,
            }
        )
    return rows


@router.get("/notifications", response=Page[NotificationOut], summary="My inbox")
def notification_list(
    request: ApiRequest,
    page: Query[PageParams],
    unread: bool = Query(False, description="Only the ones I have not read."),
):
    notifications = Notification.objects.filter(person=request.auth).select_related(
        "multifactory"
    )
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return paginate(request, notifications.order_by("-created_at", "-id"), page)


@router.post(
    "/notifications/read",
    response=MarkReadOut,
    summary="Mark some or all of my notifications read",
)
def notification_mark_read(request: ApiRequest, payload: MarkReadIn):
    marked = services.notification_mark_read(
        person=request.auth, notification_ids=payload.ids
    )
    return {"marked": marked}


@router.get(
    "/notifications/preferences",
    response=list[PreferenceOut],
    summary="How I want to be told, kind by kind",
)
def preference_list(request: ApiRequest):
    return _preferences(request.auth)


@router.put(
    "/notifications/preferences/{kind}",
    response=PreferenceOut,
    summary="Choose how to be told of one kind",
)
def preference_set(request: ApiRequest, kind: str, payload: PreferenceIn):
    if kind not in KINDS:
        raise Http404(UNKNOWN_KIND)
    services.notification_preference_set(
        person=request.auth, kind=kind, in_app=payload.in_app, email=payload.email
    )
    return next(row for row in _preferences(request.auth) if row["kind"] == kind)
