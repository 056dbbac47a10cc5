"""Reads of governance. Every query is scoped to one multifactory."""

import difflib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from multifactory.community.models import (
    ACTIVE_STATUSES,
    Multifactory,
    Organization,
    Person,
)
from multifactory.governance import receipts, rules, tally
from multifactory.governance.models import (
    CRITERIA,
    Application,
    Assembly,
    AssemblyRequest,
    Ballot,
    BallotRevision,
    CharterVersion,
    Decision,
    Elector,
    Evaluation,
    OpenCall,
    Proposal,
    ProposalState,
    Proxy,
    Rule,
    SecretChoice,
)


def ballot_seals(proposal: Proposal, organization: Organization) -> list[str]:
    """The seals that find a company's secret choice while voting is open."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return receipts.seals(proposal.pk, organization.pk, keys)


def is_secret_until_close(proposal: Proposal) -> bool:
    """A secret ballot hides who voted and every count until the proposal closes."""
    return proposal.secret_ballot and proposal.state != ProposalState.CLOSED


def proposal_list(*, multifactory: Multifactory, state: str = "") -> QuerySet[Proposal]:
    """Proposals, newest first, with their ballot count (None until a secret ballot
    closes: turnout is part of what it hides)."""
    proposals = Proposal.objects.filter(multifactory=multifactory)
    if state:
        proposals = proposals.filter(state=state)
    return (
        proposals.select_related(
            "multifactory", "proposed_by", "decision", "decision__multifactory"
        )
        .annotate(
            ballot_count=Case(
                When(
                    Q(secret_ballot=True) & ~Q(state=ProposalState.CLOSED),
                    then=Value(None),
                ),
                default=Count("ballots"),
            )
        )
        .order_by("-created_at", "-id")
    )


def ballot_choices(proposal: Proposal) -> list[Any]:
    """The standing choices of a proposal, one per company, without who cast them."""
    rows: QuerySet[SecretChoice] | QuerySet[Ballot]
    if proposal.secret_ballot:
        rows = SecretChoice.objects.filter(proposal=proposal)
    else:
        rows = Ballot.objects.filter(proposal=proposal)
    return list(rows.values_list("choice", flat=True).iterator(chunk_size=2000))


def proposal_results(
    proposal: Proposal, *, now: datetime | None = None
) -> tally.Result | None:
    """The tally so far; None while results are hidden (or the ballot is secret) and
    voting goes on."""
    if proposal.state == ProposalState.CLOSED:
        return tally.Result(**proposal.decision.figures)
    if (
        proposal.state != ProposalState.OPEN
        or proposal.results_hidden
        or proposal.secret_ballot
    ):
        return None
    return tally.tally(proposal.tally_rules(), ballot_choices(proposal))


def participation(
    proposal: Proposal, *, viewer: Person | None = None
) -> list[dict[str, Any]]:
    """Every company of the electorate and whether it voted (never how, nor when).

    Until a secret ballot closes, `voted` is None (not disclosed) except for the
    companies `viewer` represents: a company may see that it has voted itself.
    """
    voted = set(
        Ballot.objects.filter(proposal=proposal).values_list(
            "organization_id", flat=True
        )
    )
    disclosed = None
    if is_secret_until_close(proposal):
        disclosed = {company.pk for company in _represented(viewer, proposal)}
    return [
        {
            "organization": elector.organization,
            "voted": elector.organization_id in voted
            if disclosed is None or elector.organization_id in disclosed
            else None,
        }
        for elector in Elector.objects.filter(proposal=proposal)
        .select_related("organization")
        .order_by("organization__name")
    ]


def has_voted(proposal: Proposal, organization: Organization) -> bool:
    return Ballot.objects.filter(proposal=proposal, organization=organization).exists()


def ballot_for(proposal: Proposal, organization: Organization) -> Any:
    """The standing choice of one company, for its own representatives. A secret
    choice is never shown back: only the receipt given at casting finds it."""
    if proposal.secret_ballot:
        return None
    return (
        Ballot.objects.filter(proposal=proposal, organization=organization)
        .values_list("choice", flat=True)
        .first()
    )


def ballot_history(proposal: Proposal) -> QuerySet[BallotRevision]:
    """Every ballot cast on a public vote, changes included; none for a secret one."""
    if proposal.secret_ballot:
        return BallotRevision.objects.none()
    return BallotRevision.objects.filter(proposal=proposal).select_related(
        "organization", "cast_by"
    )


def secret_receipts(proposal: Proposal) -> QuerySet[SecretChoice]:
    """Published after the close, sorted by receipt hash (an order that says nothing
    about who voted when), so each voter finds its receipt and anyone recounts."""
    if proposal.state != ProposalState.CLOSED or not proposal.secret_ballot:
        return SecretChoice.objects.none()
    return SecretChoice.objects.filter(proposal=proposal).order_by("receipt_hash")


def receipt_lookup(proposal: Proposal, receipt: str) -> SecretChoice | None:
    """The published choice of a receipt, once the secret ballot has closed."""
    return (
        secret_receipts(proposal)
        .filter(receipt_hash=receipts.receipt_hash(proposal.pk, receipt))
        .first()
    )


def _represented(person: Person | None, proposal: Proposal) -> list[Organization]:
    if person is None or not getattr(person, "is_authenticated", False):
        return []
    return electors_represented_by(person, proposal)


def electors(proposal: Proposal) -> list[Organization]:
    """Every company of the electorate, by name."""
    return list(
        Organization.objects.filter(
            pk__in=Elector.objects.filter(proposal=proposal).values("organization")
        ).order_by("name")
    )


def electors_represented_by(person: Person, proposal: Proposal) -> list[Organization]:
    """Companies of the electorate that `person` may cast a ballot for."""
    return list(
        Organization.objects.filter(
            pk__in=Elector.objects.filter(proposal=proposal).values("organization"),
            memberships__person=person,
            memberships__role="representative",
        ).order_by("name")
    )


def proposals_to_remind(*, now: datetime | None = None) -> QuerySet[Proposal]:
    """Open proposals closing within 24 hours that have not been reminded yet."""
    now = now or timezone.now()
    return Proposal.objects.filter(
        state=ProposalState.OPEN,
        reminded_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + timedelta(hours=24),
    ).select_related("multifactory")


def decision_list(
    *, multifactory: Multifactory, year: int | None = None, search: str = ""
) -> QuerySet[Decision]:
    """The decision register, newest first."""
    decisions = Decision.objects.filter(multifactory=multifactory)
    if year:
        decisions = decisions.filter(year=year)
    if search:
        decisions = decisions.filter(title__icontains=search)
    return (
        decisions.select_related("amends", "revokes")
        .only(
            "multifactory_id",
            "year",
            "sequence",
            "number",
            "title",
            "method",
            "outcome",
            "winner",
            "decided_at",
            "amends__number",
            "amends__year",
            "amends__sequence",
            "revokes__number",
            "revokes__year",
            "revokes__sequence",
        )
        .order_by("-year", "-sequence")
    )


def rule_list(*, multifactory: Multifactory) -> list[dict[str, Any]]:
    """Every registered rule with its current value and the decision that set it."""
    current = {
        rule.key: rule
        for rule in Rule.objects.filter(
            multifactory=multifactory, superseded_at__isnull=True
        ).select_related("decision")
    }
    rows = []
    for key, rule_key in sorted(rules.KEYS.items()):
        rule = current.get(key)
        rows.append(
            {
                "key": key,
                "label": rule_key.label,
                "value": rule.value if rule else rule_key.default,
                "decision": rule.decision if rule else None,
                "set_at": rule.set_at if rule else None,
            }
        )
    return rows


def charter_versions(*, multifactory: Multifactory) -> QuerySet[CharterVersion]:
    return CharterVersion.objects.filter(multifactory=multifactory).select_related(
        "decision"
    )


def charter_current(*, multifactory: Multifactory) -> CharterVersion | None:
    return charter_versions(multifactory=multifactory).order_by("-version").first()


def charter_diff(*, multifactory: Multifactory, old: int, new: int) -> list[str]:
    """A line diff between two versions of the charter (unified format)."""
    texts = dict(
        CharterVersion.objects.filter(
            multifactory=multifactory, version__in=[old, new]
        ).values_list("version", "text")
    )
    return list(
        difflib.unified_diff(
            texts.get(old, "").splitlines(),
            texts.get(new, "").splitlines(),
            fromfile=f"v{old}",
            tofile=f"v{new}",
            lineterm="",
        )
    )


def proxies_valid(assembly: Assembly) -> QuerySet[Proxy]:
    """The proxies of an assembly that count: giver and holder are both member
    companies today. A company that became former (or is still an applicant) neither
    gives a vote nor uses up a holder's slot."""
    return Proxy.objects.filter(
        assembly=assembly,
        giver__status__in=ACTIVE_STATUSES,
        holder__status__in=ACTIVE_STATUSES,
    )


def assembly_list(*, multifactory: Multifactory) -> QuerySet[Assembly]:
    valid = Q(proxies__giver__status__in=ACTIVE_STATUSES) & Q(
        proxies__holder__status__in=ACTIVE_STATUSES
    )
    return (
        Assembly.objects.filter(multifactory=multifactory)
        .select_related("multifactory")
        .annotate(proxy_count=Count("proxies", filter=valid))
        .order_by("-starts_at")
    )


def member_companies(*, multifactory: Multifactory) -> QuerySet[Organization]:
    return Organization.objects.filter(
        multifactory=multifactory, status__in=ACTIVE_STATUSES
    ).order_by("name")


def open_call_list(
    *, multifactory: Multifactory, include_closed: bool = False
) -> QuerySet[OpenCall]:
    calls = OpenCall.objects.filter(
        multifactory=multifactory, is_published=True
    ).select_related("multifactory")
    if not include_closed:
        calls = calls.filter(deadline__gte=multifactory.today())
    return calls.annotate(application_count=Count("applications")).order_by("-deadline")


def open_call_get(
    *, multifactory: Multifactory, pk: int, member: bool
) -> OpenCall | None:
    calls = OpenCall.objects.filter(multifactory=multifactory, pk=pk)
    if not member:
        calls = calls.filter(is_published=True)
    return calls.select_related("multifactory").first()


def application_list(*, call: OpenCall) -> QuerySet[Application]:
    """Confirmed applications of a call (unconfirmed ones may be spam)."""
    return (
        call.applications.exclude(state="unconfirmed")
        .annotate(evaluation_count=Count("evaluations"))
        .order_by("created_at")
    )


def evaluation_averages(evaluations: Sequence[Evaluation]) -> dict[str, float]:
    if not evaluations:
        return {}
    return {
        key: round(sum(e.scores.get(key, 0) for e in evaluations) / len(evaluations), 1)
        for key, _label in CRITERIA
    }


def diversity_what_if(application: Application) -> dict[str, dict[str, Any]]:
    """How admitting the applicant changes diversity over kind, sector and stage."""
    from multifactory.governance import diversity

    members = list(
        member_companies(multifactory=application.call.multifactory).values(
            "kind", "sector", "stage"
        )
    )
    return diversity.what_if(members, application.as_company())


def pending_assembly_requests(
    *, multifactory: Multifactory
) -> QuerySet[AssemblyRequest]:
    return AssemblyRequest.objects.filter(
        multifactory=multifactory, assembly__isnull=True
    ).select_related("organization")


def decision_by_number(*, multifactory: Multifactory, number: str) -> Decision | None:
    """The decision numbered e.g. "2026/014" in this multifactory, or None."""
    return Decision.objects.filter(
        multifactory=multifactory, number=(number or "").strip()
    ).first()
