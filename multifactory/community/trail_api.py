"""JSON API of the audit trail: what was done in a multifactory, by whom, on what
authority. Every person of the community may read it (here, not in audit: audit sits
below community and cannot know who is a member)."""

from datetime import datetime
from typing import Any

from ninja import Field, Query, Router, Schema

from multifactory.api.auth import ApiRequest
from multifactory.api.pagination import Page, PageParams, paginate
from multifactory.audit.selectors import audit_event_list
from multifactory.community import access

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    at: datetime
    action: str = Field(
        description="The action's stable code, e.g. “membership.removed”."
    )
    action_label: str = Field(
        description="What happened, in the language of the request, "
        "e.g. “Membership ended”."
    )
    actor: str | None
    organization: str | None = Field(description="The company's slug.")
    mandate: str | None
    decision: str | None = Field(
        description="Number of the decision that ordered the act (checked when it "
        "was done), e.g. 2026/014; null when a mandate or the person's own company "
        "or account allowed it."
    )
    decision_reference: str = Field(
        description="The decision's number as recorded with the event (also for "
        "events older than the link)."
    )
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]

    @staticmethod
    def resolve_action_label(obj) -> str:
        return obj.action_label

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return str(obj.actor) if obj.actor else None

    @staticmethod
    def resolve_organization(obj) -> str | None:
        return obj.organization.slug if obj.organization else None

    @staticmethod
    def resolve_decision(obj) -> str | None:
        return obj.decision.number if obj.decision else None

    @staticmethod
    def resolve_mandate(obj) -> str | None:
        return (
            str(obj.mandate.title or obj.mandate.get_kind_display())
            if obj.mandate
            else None
        )


class AuditFilters(Schema):
    action: str = Field(
        "",
        max_length=80,
        description="Prefix, e.g. “membership.” or “mandate.granted”.",
    )
    company: str = Field("", max_length=80, description="A company's slug.")


@router.get(
    "/m/{slug}/audit",
    response=Page[AuditEventOut],
    summary="The audit trail of a multifactory, newest first",
    # Clients know it by this id since the router lived in the audit app.
    operation_id="multifactory_audit_api_audit_list",
)
def audit_list(
    request: ApiRequest,
    slug: str,
    page: Query[PageParams],
    filters: Query[AuditFilters],
):
    multifactory = access.multifactory_get_for_member(request.auth, slug)
    organization = None
    if filters.company:
        organization = access.organization_get_for_person(
            request.auth, multifactory, filters.company
        )
    events = audit_event_list(
        multifactory=multifactory, action=filters.action, organization=organization
    )
    return paginate(request, events, page)
