"""JSON API of governance: proposals, ballots, decisions, rules, charter.

The same services, selectors and access functions as the pages.
"""

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from multifactory.api.auth import ApiRequest, person_of, public_auth
from multifactory.api.errors import ErrorOut
from multifactory.api.fields import Instant
from multifactory.api.pagination import Page, PageParams, paginate
from multifactory.community import access as community_access
from multifactory.community.models import Organization, OrganizationKind, Sector, Stage
from multifactory.core.throttle import throttle
from multifactory.governance import access, effects, selectors, services
from multifactory.governance.models import (
    AbstentionRule,
    ApplicationState,
    AssemblyState,
    AttendanceStatus,
    Method,
    Outcome,
    ProposalState,
    ThresholdBase,
)

router = Router(tags=["governance"])

NO_SUCH_COMPANY = _("No such company in this multifactory.")
NO_SUCH_CALL = _("No such open call.")
NO_SUCH_DECISION = _("No decision has this number here.")


# Every governance time is an `Instant`, as everywhere in the API: with its offset.
# A time without one is refused (422 naming the field) rather than guessed: the
# server's zone is UTC, the multifactory's may not be, and a vote closing an hour off
# is a different vote.
WITH_OFFSET = (
    "ISO 8601 with an offset, e.g. 2026-12-01T18:00:00+01:00 or "
    "2026-12-01T17:00:00Z; a time without an offset is refused (422). "
)
FLOORS = (
    "With effects, the floors of the multifactory's rules apply "
    "(GET /m/{slug}/rules, keys governance.floor.*): the strictest of the general "
    "floor and those of the effects' kinds (charter, membership, mandates, rules). "
    "Asking for less is refused (422) with the floor and the rule that sets it."
)


class EffectIn(Schema):
    kind: str = Field(description="An effect type code, see GET …/effect-types.")
    params: dict[str, Any] = {}


class EffectOut(Schema):
    kind: str
    params: dict[str, Any]
    description: str
    executed_at: datetime | None


class ProposalOptionOut(Schema):
    key: str
    label: str


class ProposalIn(Schema):
    title: str = Field(max_length=200)
    text: str = ""
    method: Method
    options: list[str] = Field([], description="Labels, for option methods.")
    opens_at: Instant | None = Field(
        None,
        description=WITH_OFFSET
        + "Voting opens then (the scheduler opens it). With effects, at least the "
        "notice floor after now (defaults: 0 hours; 24 for mandates and rules, 48 "
        "to end a membership, 168 for the charter). " + FLOORS,
    )
    closes_at: Instant | None = Field(
        None,
        description=WITH_OFFSET
        + "With effects, at least the voting period floor after voting opens "
        "(defaults: 48 hours; 72 for mandates and rules, 120 to end a membership, "
        "168 for the charter).",
    )
    in_assembly: bool = False
    quorum_percent: int | None = Field(
        None,
        ge=0,
        le=100,
        description="Empty: the rule governance.quorum_default, raised to the floor. "
        "With effects, at least the quorum floor (defaults: 33 %; 50 for the "
        "charter, memberships, mandates and rules).",
    )
    threshold: str = Field(
        "1/2",
        max_length=9,
        description="For a qualified majority: a fraction like 2/3 or 0.75, in "
        "(0, 1], numbers of at most 4 digits. With effects, at least the majority "
        "floor (defaults: 1/2; 2/3 for the charter and to end a membership; consent "
        "and consensus always qualify).",
    )
    threshold_base: ThresholdBase = ThresholdBase.CAST
    abstention_rule: AbstentionRule = AbstentionRule.QUORUM_ONLY
    results_hidden: bool = False
    secret_ballot: bool = False
    effects: list[EffectIn] = []
    open_now: bool = Field(
        True,
        description="Open voting at once (ignored when opens_at is later): refused "
        "when the effects ask for notice (give opens_at instead).",
    )
    amends: str | None = Field(None, description="Number of a decision, e.g. 2026/014.")
    revokes: str | None = Field(
        None, description="Number of a decision, e.g. 2026/014."
    )


class ProposalOut(Schema):
    id: int
    title: str
    text: str
    method: Method
    options: list[ProposalOptionOut]
    state: ProposalState
    opens_at: datetime | None
    closes_at: datetime | None
    in_assembly: bool
    quorum_percent: int
    threshold: str
    threshold_base: ThresholdBase
    abstention_rule: AbstentionRule
    results_hidden: bool
    secret_ballot: bool
    electorate_size: int
    proposed_by: str
    decision: str | None

    @staticmethod
    def resolve_proposed_by(obj) -> str:
        return str(obj.proposed_by)

    @staticmethod
    def resolve_decision(obj) -> str | None:
        decision = getattr(obj, "decision", None) if obj.state == "closed" else None
        return decision.number if decision else None


class ParticipationOut(Schema):
    organization: str
    voted: bool | None = Field(
        description="None until a secret ballot closes, except for your companies."
    )


class ReceiptOut(Schema):
    receipt_hash: str = Field(description="SHA-256 of '<proposal id>:<receipt>'.")
    choice: dict[str, Any]


class TallyResultOut(Schema):
    outcome: str
    quorum_met: bool
    electorate: int
    ballots: int
    counted: int
    winner: str | None
    counts: dict[str, Any]
    tie_break: str


class ProposalDetailOut(ProposalOut):
    effects: list[EffectOut]
    participation: list[ParticipationOut]
    results: TallyResultOut | None
    receipts: list[ReceiptOut] = Field(
        description="A closed secret ballot's choices by receipt hash, sorted by hash."
    )

    @staticmethod
    def resolve_effects(obj) -> list[dict]:
        return [
            {
                "kind": effect.kind,
                "params": effect.params,
                "description": effect.description,
                "executed_at": effect.executed_at,
            }
            for effect in obj.effects.all()
        ]

    @staticmethod
    def resolve_participation(obj, context) -> list[dict]:
        viewer = context["request"].auth if context else None
        return [
            {"organization": row["organization"].slug, "voted": row["voted"]}
            for row in selectors.participation(obj, viewer=viewer)
        ]

    @staticmethod
    def resolve_receipts(obj) -> list[Mapping[str, Any]]:
        return list(selectors.secret_receipts(obj).values("receipt_hash", "choice"))

    @staticmethod
    def resolve_results(obj) -> dict | None:
        results = selectors.proposal_results(obj)
        return results.as_dict() if results else None


class BallotIn(Schema):
    organization: str = Field(description="Slug of the company you vote for.")
    choice: dict[str, Any] = Field(
        description="Shape depends on the method: see docs/governance.md."
    )


class BallotOut(Schema):
    organization: str
    cast_at: datetime
    revisions: int
    receipt: str | None = Field(
        None,
        description="Secret ballots: your receipt, given only now and never stored. "
        "After the close, find sha256('<proposal id>:<receipt without dashes>') in "
        "the proposal's receipts. Voting again gives a new one.",
    )


class ReceiptIn(Schema):
    receipt: str = Field(max_length=40)


class ReceiptCheckOut(Schema):
    counted: bool
    choice: dict[str, Any] | None


class DecisionOut(Schema):
    number: str
    year: int
    sequence: int
    title: str
    text: str
    method: Method
    outcome: Outcome
    winner: str
    figures: dict[str, Any]
    decided_at: datetime
    amends: str | None
    revokes: str | None
    proposal_id: int

    @staticmethod
    def resolve_amends(obj) -> str | None:
        return obj.amends.number if obj.amends_id else None

    @staticmethod
    def resolve_revokes(obj) -> str | None:
        return obj.revokes.number if obj.revokes_id else None


class DecisionBriefOut(Schema):
    number: str
    title: str
    outcome: Outcome
    winner: str
    decided_at: datetime


class GovernanceRuleOut(Schema):
    key: str
    label: str
    value: Any
    decision: str | None
    set_at: datetime | None


class CharterOut(Schema):
    version: int
    text: str
    decision: str
    created_at: datetime

    @staticmethod
    def resolve_decision(obj) -> str:
        return obj.decision.number


class EffectTypeOut(Schema):
    code: str
    label: str


NOT_A_JSON_OBJECT = _(
    "Send no body, or a JSON object ({}): this operation takes no parameters."
)


def _no_body(request: ApiRequest) -> None:
    """An operation without parameters still refuses a body that is not a JSON
    object, so a client sending the wrong thing learns it."""
    if not request.body.strip():
        return
    try:
        body = json.loads(request.body)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise HttpError(422, str(NOT_A_JSON_OBJECT))


def _member_multifactory(request: ApiRequest, slug: str):
    multifactory = community_access.multifactory_get(slug)
    access.member_require(request.auth, multifactory)
    return multifactory


@router.get("/m/{slug}/proposals", response=Page[ProposalOut])
def proposal_list(
    request: ApiRequest,
    slug: str,
    page: Query[PageParams],
    state: ProposalState | None = None,
):
    multifactory = _member_multifactory(request, slug)
    proposals = selectors.proposal_list(multifactory=multifactory, state=state or "")
    return paginate(request, proposals, page)


@router.post("/m/{slug}/proposals", response={201: ProposalDetailOut})
def proposal_create(request: ApiRequest, slug: str, payload: ProposalIn):
    """Make a proposal. With effects, the floors of the multifactory's rules apply:
    quorum, voting period, notice and majority (see the fields)."""
    multifactory = _member_multifactory(request, slug)
    data = payload.model_dump()
    for field in ("amends", "revokes"):
        number = data.pop(field)
        data[field] = None
        if number:
            data[field] = selectors.decision_by_number(
                multifactory=multifactory, number=number
            )
            if data[field] is None:
                raise ValidationError({field: NO_SUCH_DECISION})
    proposal = services.proposal_create(
        by=request.auth,
        multifactory=multifactory,
        effects_=data.pop("effects"),
        **data,
    )
    return Status(201, (proposal))


@router.get("/m/{slug}/proposals/{pk}", response=ProposalDetailOut)
def proposal_get(request: ApiRequest, slug: str, pk: int):
    multifactory = community_access.multifactory_get(slug)
    return access.proposal_get_for_member(request.auth, multifactory, pk)


@router.post("/m/{slug}/proposals/{pk}/open", response=ProposalDetailOut)
def proposal_open(request: ApiRequest, slug: str, pk: int):
    _no_body(request)
    multifactory = community_access.multifactory_get(slug)
    proposal = access.proposal_get_for_member(request.auth, multifactory, pk)
    return services.proposal_open(by=request.auth, proposal=proposal)


@router.post("/m/{slug}/proposals/{pk}/ballots", response=BallotOut)
def ballot_cast(request: ApiRequest, slug: str, pk: int, payload: BallotIn):
    """Cast or change your company's ballot; the last one before closing stands."""
    multifactory = community_access.multifactory_get(slug)
    proposal = access.proposal_get_for_member(request.auth, multifactory, pk)
    organization = Organization.objects.filter(
        multifactory=multifactory, slug=payload.organization
    ).first()
    if organization is None:
        raise ValidationError({"organization": NO_SUCH_COMPANY})
    ballot = services.ballot_cast(
        by=request.auth,
        proposal=proposal,
        organization=organization,
        choice=payload.choice,
    )
    return {
        "organization": organization.slug,
        "cast_at": ballot.cast_at,
        "revisions": ballot.revisions,
        "receipt": ballot.receipt or None,
    }


@router.post("/m/{slug}/proposals/{pk}/receipt-check", response=ReceiptCheckOut)
def receipt_check(request: ApiRequest, slug: str, pk: int, payload: ReceiptIn):
    """After a secret ballot closes: is this receipt counted, and with which choice?
    (In the body, so the receipt stays out of URLs and logs.)"""
    multifactory = community_access.multifactory_get(slug)
    proposal = access.proposal_get_for_member(request.auth, multifactory, pk)
    row = selectors.receipt_lookup(proposal, payload.receipt)
    return {"counted": row is not None, "choice": row.choice if row else None}


@router.post("/m/{slug}/proposals/{pk}/close", response=DecisionOut)
def proposal_close(request: ApiRequest, slug: str, pk: int):
    """Count the ballots into a numbered decision and execute its effects."""
    _no_body(request)
    multifactory = community_access.multifactory_get(slug)
    proposal = access.proposal_get_for_member(request.auth, multifactory, pk)
    return services.proposal_close(by=request.auth, proposal=proposal)


@router.post("/m/{slug}/proposals/{pk}/withdraw", response=ProposalDetailOut)
def proposal_withdraw(request: ApiRequest, slug: str, pk: int):
    _no_body(request)
    multifactory = community_access.multifactory_get(slug)
    proposal = access.proposal_get_for_member(request.auth, multifactory, pk)
    return services.proposal_withdraw(by=request.auth, proposal=proposal)


@router.get("/m/{slug}/decisions", response=Page[DecisionBriefOut])
def decision_list(
    request: ApiRequest,
    slug: str,
    page: Query[PageParams],
    year: int | None = None,
    search: str = Query("", max_length=100),
):
    """The decision register, newest first."""
    multifactory = _member_multifactory(request, slug)
    decisions = selectors.decision_list(
        multifactory=multifactory, year=year, search=search
    )
    return paginate(request, decisions, page)


@router.get("/m/{slug}/decisions/{year}/{seq}", response=DecisionOut)
def decision_get(request: ApiRequest, slug: str, year: int, seq: int):
    multifactory = community_access.multifactory_get(slug)
    return access.decision_get_for_member(request.auth, multifactory, year, seq)


@router.get("/m/{slug}/rules", response=list[GovernanceRuleOut])
def rule_list(request: ApiRequest, slug: str):
    """Every rule with its current value and the decision that set it."""
    multifactory = _member_multifactory(request, slug)
    return [
        {
            **row,
            "label": str(row["label"]),
            "decision": row["decision"].number if row["decision"] else None,
        }
        for row in selectors.rule_list(multifactory=multifactory)
    ]


@router.get("/m/{slug}/charter", response=list[CharterOut])
def charter_versions(request: ApiRequest, slug: str):
    """Every version of the charter, newest first."""
    multifactory = _member_multifactory(request, slug)
    return list(selectors.charter_versions(multifactory=multifactory))


@router.get("/effect-types", response=list[EffectTypeOut])
def effect_types(request: ApiRequest):
    """The decision effects a proposal may carry (capabilities register more)."""
    return [{"code": code, "label": label} for code, label in effects.choices()]


# Assemblies -----------------------------------------------------------------------


class AgendaItemOut(Schema):
    title: str
    proposal_id: int | None


class ProxyOut(Schema):
    giver: str
    holder: str

    @staticmethod
    def resolve_giver(obj) -> str:
        return obj.giver.slug

    @staticmethod
    def resolve_holder(obj) -> str:
        return obj.holder.slug


class AttendanceOut(Schema):
    organization: str
    status: AttendanceStatus
    represented_by: str | None

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_represented_by(obj) -> str | None:
        return obj.represented_by.slug if obj.represented_by_id else None


class AssemblyOut(Schema):
    id: int
    title: str
    starts_at: datetime
    second_call_at: datetime | None
    place: str
    online_link: str
    first_call_quorum: int
    second_call_quorum: int
    state: AssemblyState
    held_in_call: int | None
    quorum_met: bool | None
    minutes: str
    minutes_approved_at_id: int | None


class AssemblyDetailOut(AssemblyOut):
    agenda: list[AgendaItemOut]
    proxies: list[ProxyOut]
    attendance: list[AttendanceOut]

    @staticmethod
    def resolve_agenda(obj) -> list:
        return list(obj.agenda.all())

    @staticmethod
    def resolve_proxies(obj) -> list:
        return list(selectors.proxies_valid(obj).select_related("giver", "holder"))

    @staticmethod
    def resolve_attendance(obj) -> list:
        return list(obj.attendance.select_related("organization", "represented_by"))


class AssemblyIn(Schema):
    title: str = Field(max_length=200)
    starts_at: Instant = Field(description=WITH_OFFSET)
    second_call_at: Instant | None = Field(None, description=WITH_OFFSET)
    place: str = Field("", max_length=200)
    online_link: str = ""
    first_call_quorum: int = Field(50, ge=0, le=100)
    second_call_quorum: int = Field(25, ge=0, le=100)
    agenda: list[str] = []


class ProxyIn(Schema):
    giver: str = Field(description="Slug of your company.")
    holder: str = Field(description="Slug of the company that will hold the proxy.")


def _company(multifactory, slug: str, field: str):
    organization = Organization.objects.filter(
        multifactory=multifactory, slug=slug
    ).first()
    if organization is None:
        raise ValidationError({field: NO_SUCH_COMPANY})
    return organization


@router.get("/m/{slug}/assemblies", response=Page[AssemblyOut])
def assembly_list(request: ApiRequest, slug: str, page: Query[PageParams]):
    multifactory = _member_multifactory(request, slug)
    return paginate(request, selectors.assembly_list(multifactory=multifactory), page)


@router.post("/m/{slug}/assemblies", response={201: AssemblyDetailOut})
def assembly_convene(request: ApiRequest, slug: str, payload: AssemblyIn):
    """Convene an assembly (facilitator mandate; the notice period rule applies)."""
    multifactory = _member_multifactory(request, slug)
    return Status(
        201,
        services.assembly_convene(
            by=request.auth, multifactory=multifactory, **payload.model_dump()
        ),
    )


@router.get("/m/{slug}/assemblies/{pk}", response=AssemblyDetailOut)
def assembly_get(request: ApiRequest, slug: str, pk: int):
    multifactory = community_access.multifactory_get(slug)
    return access.assembly_get_for_member(request.auth, multifactory, pk)


@router.post("/m/{slug}/assemblies/{pk}/proxies", response={201: ProxyOut})
def proxy_give(request: ApiRequest, slug: str, pk: int, payload: ProxyIn):
    """Give your company's proxy for this assembly (limit per holder, no chains)."""
    multifactory = community_access.multifactory_get(slug)
    assembly = access.assembly_get_for_member(request.auth, multifactory, pk)
    return Status(
        201,
        services.proxy_give(
            by=request.auth,
            assembly=assembly,
            giver=_company(multifactory, payload.giver, "giver"),
            holder=_company(multifactory, payload.holder, "holder"),
        ),
    )


class CancelIn(Schema):
    reason: str = Field(max_length=1000, description="Told to every representative.")


@router.post("/m/{slug}/assemblies/{pk}/cancel", response=AssemblyDetailOut)
def assembly_cancel(request: ApiRequest, slug: str, pk: int, payload: CancelIn):
    """Call off an assembly not held yet (facilitator); representatives are told."""
    multifactory = community_access.multifactory_get(slug)
    assembly = access.assembly_get_for_member(request.auth, multifactory, pk)
    return services.assembly_cancel(
        by=request.auth, assembly=assembly, reason=payload.reason
    )


class AttendanceIn(Schema):
    present: list[str] = Field(description="Slugs of the companies present.")
    call: int = Field(1, ge=1, le=2)


class MinutesIn(Schema):
    minutes: str = Field(max_length=100_000)


class MinutesApproveIn(Schema):
    minutes_of: int = Field(description="Id of the earlier assembly.")


@router.post("/m/{slug}/assemblies/{pk}/attendance", response=AssemblyDetailOut)
def attendance_record(request: ApiRequest, slug: str, pk: int, payload: AttendanceIn):
    """Record who came (facilitator); proxies of present holders count."""
    multifactory = community_access.multifactory_get(slug)
    assembly = access.assembly_get_for_member(request.auth, multifactory, pk)
    present = list(
        Organization.objects.filter(multifactory=multifactory, slug__in=payload.present)
    )
    return services.attendance_record(
        by=request.auth, assembly=assembly, present=present, call=payload.call
    )


@router.put("/m/{slug}/assemblies/{pk}/minutes", response=AssemblyDetailOut)
def minutes_record(request: ApiRequest, slug: str, pk: int, payload: MinutesIn):
    multifactory = community_access.multifactory_get(slug)
    assembly = access.assembly_get_for_member(request.auth, multifactory, pk)
    return services.minutes_record(
        by=request.auth, assembly=assembly, minutes=payload.minutes
    )


@router.post("/m/{slug}/assemblies/{pk}/approve-minutes", response=AssemblyOut)
def minutes_approve(request: ApiRequest, slug: str, pk: int, payload: MinutesApproveIn):
    """Approve, at this (held) assembly, the minutes of an earlier one."""
    multifactory = community_access.multifactory_get(slug)
    assembly = access.assembly_get_for_member(request.auth, multifactory, pk)
    earlier = access.assembly_get_for_member(
        request.auth, multifactory, payload.minutes_of
    )
    return services.minutes_approve(by=request.auth, at=assembly, minutes_of=earlier)


# Open calls and applications ------------------------------------------------------


class OpenCallOut(Schema):
    id: int
    title: str
    who_we_look_for: str
    criteria: str
    deadline: date
    available_units: str
    is_open: bool

    @staticmethod
    def resolve_is_open(obj) -> bool:
        return obj.is_open()


class ApplicationOut(Schema):
    id: int
    company_name: str
    kind: str
    sector: str
    stage: str
    produces: str
    project: str
    space_needs: str
    contact_name: str
    email: str
    state: ApplicationState
    proposal_id: int | None
    created_at: datetime


class ApplicationDetailOut(ApplicationOut):
    evaluations: list[dict[str, Any]]
    diversity_what_if: dict[str, Any]

    @staticmethod
    def resolve_evaluations(obj) -> list:
        return [
            {
                "evaluator": str(evaluation.evaluator),
                "scores": evaluation.scores,
                "comment": evaluation.comment,
            }
            for evaluation in obj.evaluations.select_related("evaluator")
        ]

    @staticmethod
    def resolve_diversity_what_if(obj) -> dict:
        return selectors.diversity_what_if(obj)


class EvaluationIn(Schema):
    scores: dict[str, int] = Field(
        description="productive, environmental, social, economic, fit: 0–5 each."
    )
    comment: str = Field("", max_length=5000)


class ProposeIn(Schema):
    closes_at: Instant = Field(
        description=WITH_OFFSET + "At least the voting period floor from now."
    )
    unit: int | None = Field(
        None, description="A free private unit the decision assigns (place installed)."
    )


def _application_for_member(request: ApiRequest, slug: str, pk: int):
    multifactory = community_access.multifactory_get(slug)
    return access.application_get_for_member(request.auth, multifactory, pk)


@router.get("/m/{slug}/open-calls", response=list[OpenCallOut], auth=public_auth)
def open_call_list(request: ApiRequest, slug: str):
    """The open calls visitors may apply to (members also see closed ones)."""
    multifactory = community_access.multifactory_get(slug)
    return list(
        selectors.open_call_list(
            multifactory=multifactory,
            include_closed=community_access.is_member_of(
                person_of(request), multifactory
            ),
        )
    )


class ApplicationSubmitIn(Schema):
    company_name: str = Field(max_length=150)
    kind: OrganizationKind
    sector: Sector
    stage: Stage
    produces: str = Field(max_length=250)
    project: str = Field(max_length=10_000)
    space_needs: str = Field("", max_length=250)
    contact_name: str = Field(max_length=150)
    email: str = Field(max_length=254)


class ApplicationSubmittedOut(Schema):
    state: ApplicationState
    message: str


APPLICATION_CHECK_EMAIL = _(
    "We sent an e-mail to this address: the application counts once its link is opened."
)


@router.post(
    "/m/{slug}/open-calls/{pk}/applications",
    response={202: ApplicationSubmittedOut, 429: ErrorOut},
    auth=public_auth,
)
def application_submit(
    request: ApiRequest, slug: str, pk: int, payload: ApplicationSubmitIn
):
    """Apply to an open call, as a visitor. Spam protection: the application is
    invisible to members until the link sent to its e-mail address is opened, and
    one e-mail address may apply a few times a day, and one client address a few
    times an hour (429 beyond)."""
    multifactory = community_access.multifactory_get(slug)
    call = selectors.open_call_get(multifactory=multifactory, pk=pk, member=False)
    if call is None:
        raise Http404(NO_SUCH_CALL)
    throttle(request, "application")
    try:
        application, _token = services.application_submit(
            call=call, **payload.model_dump()
        )
    except ValidationError as error:
        throttled = getattr(error, "error_dict", {}).get("email", [])
        if any(e.code == "throttled" for e in throttled):
            raise HttpError(429, str(services.TOO_MANY_APPLICATIONS)) from None
        raise
    return Status(
        202, {"state": application.state, "message": str(APPLICATION_CHECK_EMAIL)}
    )


@router.get("/m/{slug}/open-calls/{pk}/applications", response=Page[ApplicationOut])
def application_list(request: ApiRequest, slug: str, pk: int, page: Query[PageParams]):
    multifactory = _member_multifactory(request, slug)
    call = selectors.open_call_get(multifactory=multifactory, pk=pk, member=True)
    if call is None:
        raise Http404(NO_SUCH_CALL)
    return paginate(request, selectors.application_list(call=call), page)


@router.get("/m/{slug}/applications/{pk}", response=ApplicationDetailOut)
def application_get(request: ApiRequest, slug: str, pk: int):
    """An application with its evaluations and the diversity what-if."""
    return _application_for_member(request, slug, pk)


@router.put("/m/{slug}/applications/{pk}/evaluation", response=ApplicationDetailOut)
def evaluation_save(request: ApiRequest, slug: str, pk: int, payload: EvaluationIn):
    """Your own evaluation of the application (one per person, changeable)."""
    application = _application_for_member(request, slug, pk)
    services.evaluation_save(
        by=request.auth,
        application=application,
        scores=payload.scores,
        comment=payload.comment,
    )
    return application


@router.post("/m/{slug}/applications/{pk}/propose", response={201: ProposalDetailOut})
def application_propose(request: ApiRequest, slug: str, pk: int, payload: ProposeIn):
    """Turn the application into an admission proposal, open for votes."""
    application = _application_for_member(request, slug, pk)
    return Status(
        201,
        services.application_propose(
            by=request.auth,
            application=application,
            closes_at=payload.closes_at,
            unit=payload.unit,
        ),
    )
