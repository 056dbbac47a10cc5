"""Writes of governance: proposals, ballots, closing into decisions, their effects.

Each service is atomic, validated and audited. Concurrency: casting a ballot and
closing a proposal both lock the proposal row, so a ballot never lands after the
count, and two representatives voting for one company at the same moment are
serialized: the last committed ballot stands, the history keeps both.
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from multifactory.audit.services import audit_record
from multifactory.community import access as community_access
from multifactory.community.models import (
    ACTIVE_STATUSES,
    MandateKind,
    Multifactory,
    Organization,
    Person,
)
from multifactory.core.services import save_validated
from multifactory.governance import (
    access,
    effects,
    floors,
    kinds,
    receipts,
    rules,
    selectors,
    tally,
)
from multifactory.governance.models import (
    CRITERIA,
    AgendaItem,
    Application,
    ApplicationState,
    Assembly,
    AssemblyRequest,
    AssemblyState,
    Attendance,
    AttendanceStatus,
    Ballot,
    BallotRevision,
    Decision,
    Elector,
    Evaluation,
    OpenCall,
    Proposal,
    ProposalEffect,
    ProposalState,
    Proxy,
    SecretChoice,
)
from multifactory.notifications.services import notify, send_email

OPTIONS_NEEDED = _("List at least two different options, one per line.")
NO_OPTIONS_FOR_YES_NO = _("A yes/no vote has no options; remove them.")
EFFECTS_NEED_YES_NO = _(
    "Decision effects need a yes/no method (majority, qualified majority, consent "
    "or consensus)."
)
WINDOW_NEEDED = _("Say when voting closes, or hold the vote in an assembly.")
CLOSES_IN_PAST = _("Voting must close in the future.")
NOT_A_DRAFT = _("Only a draft can be opened.")
NOT_OPEN = _("This proposal is not open for voting.")
NOT_YET_OPEN = _("Voting on this proposal has not opened yet.")
VOTING_CLOSED = _("Voting on this proposal has closed.")
NOT_IN_ELECTORATE = _(
    "%(company)s was not a member company when voting opened, so it does not vote on "
    "this proposal."
)
NOT_YOUR_COMPANY = _("You do not represent %(company)s, so you cannot vote for it.")
IN_ASSEMBLY_ONLY = _(
    "This proposal is voted in an assembly: the facilitator records the votes."
)
ALREADY_CLOSED = _("This proposal is already closed.")
BALLOT_RACE = _("Another ballot was cast at the same moment; vote again.")
SECRET_BALLOT_UNCHANGEABLE = _(
    "Your company's secret ballot can no longer be changed (the server's key was "
    "replaced); the ballot already cast stands."
)
NOT_WITHDRAWABLE = _("Only a draft or open proposal can be withdrawn.")
WINDOW_NOT_OVER = _("The voting window has not ended yet.")
OTHER_MULTIFACTORY = _("That decision belongs to another multifactory.")
BALLOT_ERRORS = {
    "block_without_reason": _("A block needs a reason: say what would have to change."),
    "choice": _("Choose one of the answers offered."),
    "unknown_option": _("That option is not part of this proposal."),
    "repeated_option": _("Rank each option at most once."),
    "score_range": _("Give each option a score from 0 to 5."),
    "shape": _("This ballot cannot be read; vote again."),
    "method": _("This ballot cannot be read; vote again."),
}
# What a ballot looks like for each method, said when one cannot be read.
BALLOT_SHAPE = _("Write the choice as %(shape)s.")
BALLOT_SHAPES = {
    tally.MAJORITY: '{"vote": "yes" | "no" | "abstain"}',
    tally.QUALIFIED: '{"vote": "yes" | "no" | "abstain"}',
    tally.CONSENT: '{"vote": "consent" | "object" | "block" | "abstain", "reason": "…"}',
    tally.CONSENSUS: '{"vote": "agree" | "stand_aside" | "block" | "abstain", '
    '"reason": "…"}',
    tally.IRV: '{"ranking": ["2", "1", …]}, a list of option keys',
    tally.SCHULZE: '{"ranking": ["2", "1", …]}, a list of option keys',
    tally.SCORE: '{"scores": {"1": 0…5, …}}',
    tally.APPROVAL: '{"approved": ["1", …]}, a list of option keys',
    tally.TIME_POLL: '{"availability": {"1": "yes" | "maybe" | "no", …}}',
}


def _options(method: str, given: Iterable[object] | None) -> list[dict[str, str]]:
    labels = [str(label).strip() for label in given or [] if str(label).strip()]
    if method in tally.BINARY_METHODS:
        if labels:
            raise ValidationError({"options": NO_OPTIONS_FOR_YES_NO})
        return []
    if len(set(labels)) < 2 or len(set(labels)) != len(labels):
        raise ValidationError({"options": OPTIONS_NEEDED})
    return [{"key": str(i), "label": label} for i, label in enumerate(labels, 1)]


def _decision_in(
    multifactory: Multifactory, decision: Decision | None
) -> Decision | None:
    if decision is not None and decision.multifactory_id != multifactory.pk:
        raise ValidationError(OTHER_MULTIFACTORY)
    return decision


def _representatives_of_electorate(proposal: Proposal) -> list[Person]:
    return list(
        Person.objects.filter(
            is_active=True,
            memberships__role="representative",
            memberships__organization__in=Elector.objects.filter(
                proposal=proposal
            ).values("organization"),
        ).distinct()
    )


@transaction.atomic
def proposal_create(
    *,
    by: Person,
    multifactory: Multifactory,
    title: str,
    method: str,
    text: str = "",
    options: Iterable[object] = (),
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    in_assembly: bool = False,
    quorum_percent: int | None = None,
    threshold: str = "1/2",
    threshold_base: str = tally.CAST,
    abstention_rule: str = tally.QUORUM_ONLY,
    results_hidden: bool = False,
    secret_ballot: bool = False,
    effects_: Iterable[dict[str, Any]] = (),
    amends: Decision | None = None,
    revokes: Decision | None = None,
    open_now: bool = False,
    now: datetime | None = None,
) -> Proposal:
    """Put something to the managing body. Effects are validated now and again when
    the decision executes, and the floors of the rules apply to a proposal with
    effects (governance.floors). With `open_now`, voting opens at once, unless
    `opens_at` is later."""
    now = now or timezone.now()
    mandate = access.proposal_authority(by, multifactory)
    if effects_ and method not in tally.BINARY_METHODS:
        raise ValidationError({"effects": EFFECTS_NEED_YES_NO})
    if not in_assembly and closes_at is None:
        raise ValidationError({"closes_at": WINDOW_NEEDED})
    if closes_at is not None and closes_at <= now:
        raise ValidationError({"closes_at": CLOSES_IN_PAST})
    cleaned_effects = []
    for effect in effects_:
        cleaned_effects.append(
            (
                effect["kind"],
                effects.validate(multifactory, effect["kind"], effect.get("params")),
            )
        )
    if opens_at is not None and opens_at > now:
        # A later opening time wins over "open now": the scheduler opens it then.
        open_now = False
    # A proposal with effects asks for at least the floors of the rules.
    proposal_floors = floors.for_effects(multifactory, cleaned_effects)
    if quorum_percent is None:
        quorum_percent = rules.value(multifactory, rules.QUORUM_DEFAULT)
        if proposal_floors is not None:
            quorum_percent = max(quorum_percent, proposal_floors.quorum.value)
    floors.check_proposal(
        proposal_floors,
        multifactory=multifactory,
        method=method,
        quorum_percent=quorum_percent,
        threshold=threshold,
        opens_at=opens_at,
        closes_at=closes_at,
        in_assembly=in_assembly,
        open_now=open_now,
        now=now,
    )
    proposal = Proposal(
        multifactory=multifactory,
        title=title.strip(),
        text=text,
        method=method,
        options=_options(method, options),
        opens_at=opens_at,
        closes_at=closes_at,
        in_assembly=in_assembly,
        quorum_percent=quorum_percent,
        threshold=threshold,
        threshold_base=threshold_base,
        abstention_rule=abstention_rule,
        results_hidden=results_hidden,
        secret_ballot=secret_ballot,
        amends=_decision_in(multifactory, amends),
        revokes=_decision_in(multifactory, revokes),
        proposed_by=by,
    )
    save_validated(proposal)
    ProposalEffect.objects.bulk_create(
        ProposalEffect(proposal=proposal, position=i, kind=kind, params=params)
        for i, (kind, params) in enumerate(cleaned_effects)
    )
    audit_record(
        by=by,
        action="proposal.created",
        target=proposal,
        multifactory=multifactory,
        mandate=mandate,
        changes={
            "method": method,
            "quorum_percent": proposal.quorum_percent,
            "effects": [kind for kind, _params in cleaned_effects],
        },
    )
    if open_now:
        proposal = proposal_open(by=by, proposal=proposal, now=now)
    return proposal


@transaction.atomic
def proposal_open(
    *, by: Person | None, proposal: Proposal, now: datetime | None = None
) -> Proposal:
    """Open voting and fix the electorate: the member companies at this moment.

    `by` is None when the scheduler opens a proposal whose opening time has come.
    """
    now = now or timezone.now()
    mandate = None
    if by is not None:
        mandate = access.proposal_manage_authority(by, proposal)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != ProposalState.DRAFT:
        raise ValidationError(NOT_A_DRAFT)
    if by is not None:
        # The scheduler opens at the time checked when the proposal was made; a
        # person opening by hand must respect the notice and voting period floors.
        floors.check_opening(proposal, now=now)
    electorate = list(
        Organization.objects.filter(
            multifactory=proposal.multifactory_id, status__in=ACTIVE_STATUSES
        ).values_list("pk", flat=True)
    )
    Elector.objects.bulk_create(
        Elector(proposal=proposal, organization_id=pk) for pk in electorate
    )
    proposal.state = ProposalState.OPEN
    proposal.electorate_size = len(electorate)
    proposal.opened_at = now
    if proposal.opens_at is None or proposal.opens_at > now:
        proposal.opens_at = now
    proposal.save(
        update_fields=[
            "state",
            "electorate_size",
            "opened_at",
            "opens_at",
            "updated_at",
        ]
    )
    audit_record(
        by=by,
        action="proposal.opened",
        target=proposal,
        multifactory=proposal.multifactory,
        mandate=mandate,
        changes={"electorate": len(electorate)},
    )
    notify(
        people=_representatives_of_electorate(proposal),
        kind=kinds.PROPOSAL_OPEN,
        title=_("Open for your vote: %(title)s") % {"title": proposal.title},
        url=proposal.get_absolute_url(),
        multifactory=proposal.multifactory,
    )
    return proposal


def _clean_choice(proposal: Proposal, choice: dict[str, Any]) -> dict[str, Any]:
    try:
        return tally.clean_ballot(proposal.method, proposal.option_keys, choice)
    except tally.InvalidBallot as error:
        message: str | Promise = BALLOT_ERRORS[error.code]
        if error.code == "shape":
            message = BALLOT_SHAPE % {"shape": BALLOT_SHAPES[proposal.method]}
        raise ValidationError({"choice": message}) from None


@transaction.atomic
def ballot_cast(
    *,
    by: Person,
    proposal: Proposal,
    organization: Organization,
    choice: dict[str, Any],
    now: datetime | None = None,
) -> Ballot:
    """Cast or change the ballot of `organization`. Its representative casts it; in an
    assembly the facilitator records it, for a company present or represented.

    A secret ballot comes back with `ballot.receipt`, a code shown to the voter once
    and never stored (only its hash is): see `receipts` and docs/governance.md."""
    now = now or timezone.now()
    mandate = None
    if proposal.in_assembly:
        mandate = community_access.active_mandate(
            by, proposal.multifactory, MandateKind.FACILITATOR
        )
        if mandate is None:
            raise PermissionDenied(IN_ASSEMBLY_ONLY)
    elif not community_access.is_representative(by, organization):
        raise PermissionDenied(NOT_YOUR_COMPANY % {"company": organization})
    # The lock orders every ballot of this proposal and its closing (module docstring).
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state == ProposalState.DRAFT or (
        proposal.state == ProposalState.OPEN
        and proposal.opens_at is not None
        and now < proposal.opens_at
    ):
        raise ValidationError(NOT_YET_OPEN)
    if not proposal.is_voting_open(now):
        raise ValidationError(VOTING_CLOSED)
    if not Elector.objects.filter(
        proposal=proposal, organization=organization
    ).exists():
        raise ValidationError(NOT_IN_ELECTORATE % {"company": organization})
    if proposal.in_assembly:
        _assembly_voter_require(proposal, organization)
    cleaned = _clean_choice(proposal, choice)
    secret = proposal.secret_ballot
    ballot = (
        Ballot.objects.select_for_update()
        .filter(proposal=proposal, organization=organization)
        .first()
    )
    if ballot is None:
        ballot = Ballot(proposal=proposal, organization=organization, revisions=0)
    ballot.cast_by = by
    ballot.cast_at = now
    ballot.choice = None if secret else cleaned
    ballot.revisions += 1
    try:
        with transaction.atomic():
            ballot.save()
    except IntegrityError as error:  # a racing first ballot; the lock makes it rare
        raise ValidationError(BALLOT_RACE) from error
    ballot.receipt = ""
    if secret:
        ballot.receipt = _secret_choice_replace(proposal, organization, cleaned)
        # No history and no audit event per secret ballot: each would carry the
        # company and the moment, which is what lines choices up with companies. The
        # Ballot row keeps who cast it and when; the close is audited with the count.
        return ballot
    BallotRevision.objects.create(
        proposal=proposal,
        organization=organization,
        cast_by=by,
        choice=cleaned,
        cast_at=now,
    )
    audit_record(
        by=by,
        action="ballot.cast" if ballot.revisions == 1 else "ballot.changed",
        target=ballot,
        multifactory=proposal.multifactory,
        organization=organization,
        mandate=mandate,
        # The audit trail is readable by members: it must not reveal running results
        # that the proposal hides until it closes.
        changes={} if proposal.results_hidden else {"choice": cleaned},
    )
    return ballot


def _secret_choice_replace(
    proposal: Proposal, organization: Organization, cleaned: dict[str, Any]
) -> str:
    """Store the company's secret choice under a new receipt, dropping its previous
    one; return the receipt (the only copy)."""
    seals = selectors.ballot_seals(proposal, organization)
    previous = SecretChoice.objects.filter(proposal=proposal, seal__in=seals)
    if (
        not previous.delete()[0]
        and Ballot.objects.filter(
            proposal=proposal, organization=organization, revisions__gt=1
        ).exists()
    ):
        # The company voted but its choice cannot be found (the server's key changed
        # without a fallback): a second choice would count it twice.
        raise ValidationError(SECRET_BALLOT_UNCHANGEABLE)
    receipt = receipts.receipt_new()
    rows = list(
        SecretChoice.objects.filter(proposal=proposal).values_list(
            "receipt_hash", "seal", "choice"
        )
    )
    rows.append((receipts.receipt_hash(proposal.pk, receipt), seals[0], cleaned))
    _secret_choices_rewrite(proposal, rows)
    return receipt


def _secret_choices_rewrite(proposal: Proposal, rows: list[tuple[Any, ...]]) -> None:
    """Write the secret choices of a proposal again, in random order: the newest
    ballot's row is not the last one, so neither ids nor the order of the rows in a
    dump line choices up with the companies' ballots (whose rows do follow the order
    of voting)."""
    secrets.SystemRandom().shuffle(rows)
    SecretChoice.objects.filter(proposal=proposal).delete()
    SecretChoice.objects.bulk_create(
        SecretChoice(proposal=proposal, receipt_hash=receipt_hash, seal=seal, choice=c)
        for receipt_hash, seal, c in rows
    )


def secret_choices_seal(*, proposal: Proposal) -> int:
    """At the close of a secret ballot: erase the seals that link each choice to its
    company (rewriting the rows in random order once more). Returns the count."""
    rows = [
        (receipt_hash, "", choice)
        for receipt_hash, choice in SecretChoice.objects.filter(
            proposal=proposal
        ).values_list("receipt_hash", "choice")
    ]
    _secret_choices_rewrite(proposal, rows)
    audit_record(
        by=None,
        action="ballot.secret_choices_sealed",
        target=proposal,
        multifactory=proposal.multifactory,
        changes={"ballots": len(rows)},
    )
    return len(rows)


def _next_number(multifactory: Multifactory, now: datetime) -> tuple[int, int, str]:
    year = timezone.localtime(now, multifactory.zone).year
    last = Decision.objects.filter(multifactory=multifactory, year=year).aggregate(
        last=Max("sequence")
    )["last"]
    sequence = (last or 0) + 1
    return year, sequence, f"{year}/{sequence:03d}"


@transaction.atomic
def proposal_close(
    *, by: Person | None, proposal: Proposal, now: datetime | None = None
) -> Decision:
    """Count the ballots, record the numbered decision and, when adopted, execute its
    effects — all or nothing. `by` is None when the scheduler closes a proposal
    whose window has ended."""
    now = now or timezone.now()
    # Lock the multifactory first: decision numbers are handed out one at a time.
    multifactory = Multifactory.objects.select_for_update().get(
        pk=proposal.multifactory_id
    )
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state == ProposalState.CLOSED:
        raise ValidationError(ALREADY_CLOSED)
    if proposal.state != ProposalState.OPEN:
        raise ValidationError(NOT_OPEN)
    mandate = None
    if by is not None:
        mandate = access.proposal_close_authority(by, proposal, now)
        floors.check_closing(proposal, now=now, ballots=proposal.ballots.count())
    elif proposal.closes_at is None or now < proposal.closes_at:
        raise ValidationError(WINDOW_NOT_OVER)
    if proposal.secret_ballot:
        secret_choices_seal(proposal=proposal)
    result = tally.tally(
        floors.tally_rules(proposal), selectors.ballot_choices(proposal)
    )
    year, sequence, number = _next_number(multifactory, now)
    decision = Decision(
        multifactory=multifactory,
        year=year,
        sequence=sequence,
        number=number,
        proposal=proposal,
        title=proposal.title,
        text=proposal.text,
        method=proposal.method,
        outcome=result.outcome,
        winner=proposal.option_label(result.winner),
        figures=result.as_dict(),
        decided_at=now,
        closed_by=by,
        amends=proposal.amends if result.adopted else None,
        revokes=proposal.revokes if result.adopted else None,
    )
    save_validated(decision)
    proposal.state = ProposalState.CLOSED
    proposal.closed_at = now
    proposal.closed_by = by
    proposal.save(update_fields=["state", "closed_at", "closed_by", "updated_at"])
    audit_record(
        by=by,
        action="decision.recorded",
        target=decision,
        multifactory=multifactory,
        mandate=mandate,
        decision=decision,
        changes={"outcome": result.outcome, "winner": decision.winner},
    )
    if result.adopted:
        for effect in proposal.effects.order_by("position"):
            # Re-checked now: the company may have been admitted meanwhile.
            params = effects.validate(multifactory, effect.kind, effect.params)
            # The decision is the services' authority for this effect only, now.
            with decision.executing(effect):
                effects.get(effect.kind).execute(
                    effects.EffectContext(
                        decision=decision,
                        by=by,
                        multifactory=multifactory,
                        params=params,
                    )
                )
            effect.executed_at = now
            effect.save(update_fields=["executed_at"])
    people = _representatives_of_electorate(proposal) + [proposal.proposed_by]
    notify(
        people=people,
        kind=kinds.PROPOSAL_RESULT,
        title=_("Decision %(number)s: %(title)s — %(outcome)s")
        % {
            "number": number,
            "title": proposal.title,
            "outcome": decision.get_outcome_display(),
        },
        url=decision.get_absolute_url(),
        multifactory=multifactory,
    )
    return decision


@transaction.atomic
def proposal_withdraw(*, by: Person, proposal: Proposal) -> Proposal:
    mandate = access.proposal_manage_authority(by, proposal)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state not in (ProposalState.DRAFT, ProposalState.OPEN):
        raise ValidationError(NOT_WITHDRAWABLE)
    # A withdrawn proposal is never counted: its secret choices are not kept.
    SecretChoice.objects.filter(proposal=proposal).delete()
    proposal.state = ProposalState.WITHDRAWN
    proposal.closed_at = timezone.now()
    proposal.closed_by = by
    proposal.save(update_fields=["state", "closed_at", "closed_by", "updated_at"])
    audit_record(
        by=by,
        action="proposal.withdrawn",
        target=proposal,
        multifactory=proposal.multifactory,
        mandate=mandate,
    )
    return proposal


# Assemblies -----------------------------------------------------------------------

NOTICE_TOO_SHORT = _(
    "An assembly is convened at least %(days)s days ahead (the notice period rule)."
)
ASSEMBLY_NOT_CONVENED = _("This assembly is no longer waiting to be held.")
ASSEMBLY_NOT_HELD = _("Record the attendance of this assembly first.")
PROXY_TO_ITSELF = _("A company cannot give its proxy to itself.")
PROXY_HOLDER_NOT_MEMBER = _("The proxy goes to another member company.")
PROXY_OVER_LIMIT = _(
    "%(company)s already holds %(limit)s proxies for this assembly, the most the "
    "rules allow. Ask another company."
)
PROXY_CHAIN_HOLDER = _(
    "%(company)s has given its own proxy for this assembly, so it cannot hold "
    "yours: proxies do not pass along."
)
PROXY_CHAIN_GIVER = _(
    "Your company holds proxies of other companies for this assembly, so it must "
    "attend and cannot give its own proxy."
)
PROXY_GIVER_NOT_MEMBER = _(
    "%(company)s is not a member company, so it has no vote to give by proxy."
)
ATTENDANCE_BEFORE_START = _(
    "This call of the assembly starts at %(start)s (%(zone)s): record who came once "
    "it has begun."
)
ASSEMBLY_VOTE_NOT_HELD = _(
    "Record the attendance of the assembly that votes on this proposal first: only "
    "companies present or represented by a proxy vote in it."
)
ASSEMBLY_VOTER_ABSENT = _(
    "%(company)s is neither present nor represented by a proxy at %(assembly)s, so "
    "it does not vote in it."
)
MINUTES_EMPTY = _("Write the minutes.")
MINUTES_NOT_EARLIER = _("Minutes are approved at a later assembly.")
MINUTES_ALREADY_APPROVED = _("These minutes have already been approved.")
SECOND_CALL_MISSING = _("This assembly has no second call.")


def _member_companies(multifactory: Multifactory) -> list[Organization]:
    return list(
        Organization.objects.filter(
            multifactory=multifactory, status__in=ACTIVE_STATUSES
        ).order_by("name")
    )


def _assembly_voter_require(proposal: Proposal, organization: Organization) -> None:
    """In an assembly only the companies present, or represented by a proxy whose
    holder is present, vote: the attendance of the latest held assembly with the
    proposal on its agenda says which."""
    assembly = (
        Assembly.objects.filter(agenda__proposal=proposal, state=AssemblyState.HELD)
        .order_by("-starts_at")
        .first()
    )
    if assembly is None:
        raise ValidationError(ASSEMBLY_VOTE_NOT_HELD)
    if not Attendance.objects.filter(
        assembly=assembly,
        organization=organization,
        status__in=[AttendanceStatus.PRESENT, AttendanceStatus.REPRESENTED],
    ).exists():
        raise ValidationError(
            ASSEMBLY_VOTER_ABSENT % {"company": organization, "assembly": assembly}
        )


def _all_representatives(multifactory: Multifactory) -> list[Person]:
    return list(
        Person.objects.filter(
            is_active=True,
            memberships__role="representative",
            memberships__multifactory=multifactory,
            memberships__organization__status__in=ACTIVE_STATUSES,
        ).distinct()
    )


@transaction.atomic
def assembly_convene(
    *,
    by: Person,
    multifactory: Multifactory,
    title: str,
    starts_at: datetime,
    agenda: Iterable[str] = (),
    place: str = "",
    online_link: str = "",
    second_call_at: datetime | None = None,
    first_call_quorum: int = 50,
    second_call_quorum: int = 25,
    now: datetime | None = None,
) -> Assembly:
    """A facilitator convenes the assembly, respecting the notice period rule; so may
    a representative of a company that asked for one, once enough companies did
    (the convene-share rule). Their requests are then fulfilled by this assembly."""
    now = now or timezone.now()
    mandate = community_access.active_mandate(by, multifactory, MandateKind.FACILITATOR)
    requests = AssemblyRequest.objects.none()
    if mandate is None:
        requests = _requests_allowing(by, multifactory)
    days = rules.value(multifactory, rules.NOTICE_DAYS)
    if starts_at < now + timedelta(days=days):
        raise ValidationError({"starts_at": NOTICE_TOO_SHORT % {"days": days}})
    assembly = Assembly(
        multifactory=multifactory,
        title=title.strip(),
        starts_at=starts_at,
        second_call_at=second_call_at,
        place=place,
        online_link=online_link,
        first_call_quorum=first_call_quorum,
        second_call_quorum=second_call_quorum,
        convened_by=by,
    )
    save_validated(assembly)
    requesters = [str(r.organization) for r in requests.select_related("organization")]
    requests.update(assembly=assembly)
    AgendaItem.objects.bulk_create(
        AgendaItem(assembly=assembly, position=i, title=item.strip())
        for i, item in enumerate(agenda)
        if item.strip()
    )
    audit_record(
        by=by,
        action="assembly.convened",
        target=assembly,
        multifactory=multifactory,
        mandate=mandate,
        changes={
            "starts_at": starts_at,
            "agenda": [a for a in agenda if a.strip()],
            "requested_by": requesters,
        },
    )
    notify(
        people=_all_representatives(multifactory),
        kind=kinds.ASSEMBLY_CONVENED,
        title=_("Assembly convened: %(title)s") % {"title": assembly.title},
        url=assembly.get_absolute_url(),
        multifactory=multifactory,
    )
    return assembly


CANCEL_REASON_NEEDED = _("Say why the assembly is cancelled.")


@transaction.atomic
def assembly_cancel(*, by: Person, assembly: Assembly, reason: str) -> Assembly:
    """A facilitator calls off an assembly not held yet. Every representative (they
    were all notified of the convening) is told why; proxies given for it lapse
    with it. Audited with the reason."""
    mandate = community_access.mandate_require(
        by, assembly.multifactory, MandateKind.FACILITATOR
    )
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if assembly.state != AssemblyState.CONVENED:
        raise ValidationError(ASSEMBLY_NOT_CONVENED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": CANCEL_REASON_NEEDED})
    assembly.state = AssemblyState.CANCELLED
    assembly.save(update_fields=["state", "updated_at"])
    audit_record(
        by=by,
        action="assembly.cancelled",
        target=assembly,
        multifactory=assembly.multifactory,
        mandate=mandate,
        changes={"state": [AssemblyState.CONVENED, AssemblyState.CANCELLED]}
        | {"reason": reason[:1000]},
    )
    notify(
        people=_all_representatives(assembly.multifactory),
        kind=kinds.ASSEMBLY_CANCELLED,
        title=_("Assembly cancelled: %(title)s (%(reason)s)")
        % {"title": assembly.title, "reason": reason[:200]},
        url=assembly.get_absolute_url(),
        multifactory=assembly.multifactory,
    )
    return assembly


NOT_ENOUGH_REQUESTS = _(
    "Only a facilitator can convene an assembly, or a representative of a company "
    "that asked for one once %(needed)s companies did (%(have)s so far)."
)


def assembly_requests_needed(multifactory: Multifactory) -> tuple[int, int]:
    """(pending requests, requests needed) under the convene-share rule."""
    share = rules.value(multifactory, rules.CONVENE_SHARE)
    members = Organization.objects.filter(
        multifactory=multifactory, status__in=ACTIVE_STATUSES
    ).count()
    needed = max(1, -(-share * members // 100))  # ceiling, at least one company
    pending = AssemblyRequest.objects.filter(
        multifactory=multifactory,
        assembly__isnull=True,
        organization__status__in=ACTIVE_STATUSES,
    ).count()
    return pending, needed


def assembly_convene_check(by: Person, multifactory: Multifactory) -> None:
    """Raise PermissionDenied unless `by` may convene an assembly (see below)."""
    if community_access.active_mandate(by, multifactory, MandateKind.FACILITATOR):
        return
    pending, needed = assembly_requests_needed(multifactory)
    asked = AssemblyRequest.objects.filter(
        multifactory=multifactory,
        assembly__isnull=True,
        organization__memberships__person=by,
        organization__memberships__role="representative",
    ).exists()
    if pending < needed or not asked:
        raise PermissionDenied(
            NOT_ENOUGH_REQUESTS % {"needed": needed, "have": pending}
        )


def _requests_allowing(
    by: Person, multifactory: Multifactory
) -> QuerySet[AssemblyRequest]:
    pending, needed = assembly_requests_needed(multifactory)
    requests = AssemblyRequest.objects.select_for_update().filter(
        multifactory=multifactory,
        assembly__isnull=True,
        organization__status__in=ACTIVE_STATUSES,
    )
    mine = requests.filter(
        organization__memberships__person=by,
        organization__memberships__role="representative",
    )
    if pending < needed or not mine.exists():
        raise PermissionDenied(
            NOT_ENOUGH_REQUESTS % {"needed": needed, "have": pending}
        )
    return requests


@transaction.atomic
def assembly_request(
    *, by: Person, organization: Organization, reason: str
) -> AssemblyRequest:
    """A representative asks, for the company, that an assembly be convened."""
    if not community_access.is_representative(by, organization):
        raise PermissionDenied(NOT_YOUR_COMPANY % {"company": organization})
    request = AssemblyRequest(
        multifactory=organization.multifactory,
        organization=organization,
        requested_by=by,
        reason=reason.strip(),
    )
    save_validated(request)
    audit_record(
        by=by,
        action="assembly.requested",
        target=request,
        multifactory=organization.multifactory,
        organization=organization,
        changes={"reason": request.reason},
    )
    return request


@transaction.atomic
def agenda_item_add(
    *, by: Person, assembly: Assembly, title: str, proposal: Proposal | None = None
) -> AgendaItem:
    """Add an item; a proposal on the agenda is voted in the meeting."""
    mandate = community_access.mandate_require(
        by, assembly.multifactory, MandateKind.FACILITATOR
    )
    if assembly.state != AssemblyState.CONVENED:
        raise ValidationError(ASSEMBLY_NOT_CONVENED)
    if proposal is not None and proposal.multifactory_id != assembly.multifactory_id:
        raise ValidationError(OTHER_MULTIFACTORY)
    last = assembly.agenda.aggregate(last=Max("position"))["last"]
    item = AgendaItem(
        assembly=assembly,
        position=(last if last is not None else -1) + 1,
        title=title.strip() or (proposal.title if proposal else ""),
        proposal=proposal,
    )
    save_validated(item)
    audit_record(
        by=by,
        action="assembly.agenda_item_added",
        target=assembly,
        multifactory=assembly.multifactory,
        mandate=mandate,
        changes={"title": item.title, "proposal": proposal.pk if proposal else None},
    )
    return item


@transaction.atomic
def proxy_give(
    *, by: Person, assembly: Assembly, giver: Organization, holder: Organization
) -> Proxy:
    """A representative gives the company's proxy to another company for one
    assembly. At most the proxy-limit rule per holder, and never along a chain."""
    # A company that is no longer a member has no representative to act for it:
    # say why, rather than "you do not represent it".
    if (
        giver.multifactory_id != assembly.multifactory_id
        or giver.status not in ACTIVE_STATUSES
    ):
        raise ValidationError({"giver": PROXY_GIVER_NOT_MEMBER % {"company": giver}})
    if not community_access.is_representative(by, giver):
        raise PermissionDenied(NOT_YOUR_COMPANY % {"company": giver})
    # Lock the assembly: two proxies given at once must see each other.
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if assembly.state != AssemblyState.CONVENED:
        raise ValidationError(ASSEMBLY_NOT_CONVENED)
    if giver.pk == holder.pk:
        raise ValidationError({"holder": PROXY_TO_ITSELF})
    if (
        holder.multifactory_id != assembly.multifactory_id
        or holder.status not in ACTIVE_STATUSES
    ):
        raise ValidationError({"holder": PROXY_HOLDER_NOT_MEMBER})
    proxies = selectors.proxies_valid(assembly)
    if proxies.filter(giver=holder).exists():
        raise ValidationError({"holder": PROXY_CHAIN_HOLDER % {"company": holder}})
    if proxies.filter(holder=giver).exists():
        raise ValidationError(PROXY_CHAIN_GIVER)
    limit = rules.value(assembly.multifactory, rules.PROXY_LIMIT)
    held = proxies.filter(holder=holder).exclude(giver=giver).count()
    if held >= limit:
        raise ValidationError(
            {"holder": PROXY_OVER_LIMIT % {"company": holder, "limit": limit}}
        )
    proxy, _created = Proxy.objects.update_or_create(
        assembly=assembly,
        giver=giver,
        defaults={"holder": holder, "given_by": by, "given_at": timezone.now()},
    )
    audit_record(
        by=by,
        action="proxy.given",
        target=proxy,
        multifactory=assembly.multifactory,
        organization=giver,
        changes={"holder": str(holder)},
    )
    return proxy


@transaction.atomic
def proxy_withdraw(*, by: Person, proxy: Proxy) -> None:
    if not community_access.is_representative(by, proxy.giver):
        raise PermissionDenied(NOT_YOUR_COMPANY % {"company": proxy.giver})
    if proxy.assembly.state != AssemblyState.CONVENED:
        raise ValidationError(ASSEMBLY_NOT_CONVENED)
    audit_record(
        by=by,
        action="proxy.withdrawn",
        target=proxy,
        multifactory=proxy.assembly.multifactory,
        organization=proxy.giver,
    )
    proxy.delete()


@transaction.atomic
def attendance_record(
    *,
    by: Person,
    assembly: Assembly,
    present: list[Organization],
    call: int = 1,
    now: datetime | None = None,
) -> Assembly:
    """The facilitator records who came, once the call has begun. A member company
    whose proxy holder came is represented; quorum is present + represented over the
    member companies, against the quorum of the call (first or second)."""
    now = now or timezone.now()
    mandate = community_access.mandate_require(
        by, assembly.multifactory, MandateKind.FACILITATOR
    )
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if assembly.state != AssemblyState.CONVENED:
        raise ValidationError(ASSEMBLY_NOT_CONVENED)
    if call == 2 and assembly.second_call_at is None:
        raise ValidationError(SECOND_CALL_MISSING)
    starts_at = assembly.starts_at
    if call == 2 and assembly.second_call_at is not None:
        starts_at = assembly.second_call_at
    if now < starts_at:
        zone = assembly.multifactory.zone
        raise ValidationError(
            ATTENDANCE_BEFORE_START
            % {
                "start": timezone.localtime(starts_at, zone).strftime("%Y-%m-%d %H:%M"),
                "zone": zone.key,
            }
        )
    members = _member_companies(assembly.multifactory)
    member_ids = {organization.pk for organization in members}
    present_ids = {o.pk for o in present if o.pk in member_ids}
    holders = dict(
        selectors.proxies_valid(assembly).values_list("giver_id", "holder_id")
    )
    rows, used = [], []
    for organization in members:
        if organization.pk in present_ids:
            status, holder = AttendanceStatus.PRESENT, None
        elif holders.get(organization.pk) in present_ids:
            status, holder = AttendanceStatus.REPRESENTED, holders[organization.pk]
            used.append(organization)
        else:
            status, holder = AttendanceStatus.ABSENT, None
        rows.append(
            Attendance(
                assembly=assembly,
                organization=organization,
                status=status,
                represented_by_id=holder,
            )
        )
    Attendance.objects.filter(assembly=assembly).delete()
    Attendance.objects.bulk_create(rows)
    attending = sum(1 for row in rows if row.status != AttendanceStatus.ABSENT)
    quorum = assembly.first_call_quorum if call == 1 else assembly.second_call_quorum
    assembly.held_in_call = call
    assembly.members_at_start = len(members)
    assembly.quorum_met = tally.quorum_met(
        counted=attending, electorate=len(members), quorum_percent=quorum
    )
    assembly.state = AssemblyState.HELD
    assembly.save(
        update_fields=[
            "held_in_call",
            "members_at_start",
            "quorum_met",
            "state",
            "updated_at",
        ]
    )
    audit_record(
        by=by,
        action="assembly.attendance_recorded",
        target=assembly,
        multifactory=assembly.multifactory,
        mandate=mandate,
        changes={
            "call": call,
            "attending": attending,
            "members": len(members),
            "quorum_met": assembly.quorum_met,
        },
    )
    for organization in used:
        notify(
            people=list(
                Person.objects.filter(
                    memberships__organization=organization,
                    memberships__role="representative",
                )
            ),
            kind=kinds.PROXY_USED,
            title=_("Your proxy was used at %(assembly)s")
            % {"assembly": assembly.title},
            url=assembly.get_absolute_url(),
            multifactory=assembly.multifactory,
        )
    return assembly


@transaction.atomic
def minutes_record(*, by: Person, assembly: Assembly, minutes: str) -> Assembly:
    mandate = community_access.mandate_require(
        by, assembly.multifactory, MandateKind.FACILITATOR
    )
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if assembly.state != AssemblyState.HELD:
        raise ValidationError(ASSEMBLY_NOT_HELD)
    if assembly.minutes_approved_at_id:
        raise ValidationError(MINUTES_ALREADY_APPROVED)
    if not minutes.strip():
        raise ValidationError({"minutes": MINUTES_EMPTY})
    assembly.minutes = minutes
    assembly.save(update_fields=["minutes", "updated_at"])
    audit_record(
        by=by,
        action="assembly.minutes_recorded",
        target=assembly,
        multifactory=assembly.multifactory,
        mandate=mandate,
    )
    notify(
        people=_all_representatives(assembly.multifactory),
        kind=kinds.MINUTES_TO_APPROVE,
        title=_("Minutes to approve: %(title)s") % {"title": assembly.title},
        url=assembly.get_absolute_url(),
        multifactory=assembly.multifactory,
    )
    return assembly


@transaction.atomic
def minutes_approve(*, by: Person, at: Assembly, minutes_of: Assembly) -> Assembly:
    """The minutes of an assembly are approved at a later one, once it is held."""
    mandate = community_access.mandate_require(
        by, at.multifactory, MandateKind.FACILITATOR
    )
    if at.multifactory_id != minutes_of.multifactory_id:
        raise ValidationError(OTHER_MULTIFACTORY)
    at = Assembly.objects.get(pk=at.pk)
    minutes_of = Assembly.objects.select_for_update().get(pk=minutes_of.pk)
    if at.state != AssemblyState.HELD:
        raise ValidationError(ASSEMBLY_NOT_HELD)
    if minutes_of.starts_at >= at.starts_at:
        raise ValidationError(MINUTES_NOT_EARLIER)
    if minutes_of.minutes_approved_at_id:
        raise ValidationError(MINUTES_ALREADY_APPROVED)
    if not minutes_of.minutes.strip():
        raise ValidationError(MINUTES_EMPTY)
    minutes_of.minutes_approved_at = at
    minutes_of.save(update_fields=["minutes_approved_at", "updated_at"])
    audit_record(
        by=by,
        action="assembly.minutes_approved",
        target=minutes_of,
        multifactory=at.multifactory,
        mandate=mandate,
        changes={"approved_at": str(at)},
    )
    return minutes_of


# Open calls and applications ------------------------------------------------------

CALL_CLOSED = _("This call is closed: its deadline has passed.")
ALREADY_APPLIED = _("An application with this e-mail is already waiting for this call.")
APPLICATION_LINK_INVALID = _(
    "This confirmation link is not valid. Apply again if you need to."
)
TOO_MANY_APPLICATIONS = _(
    "Too many applications from this e-mail address today: try again tomorrow."
)
APPLICATIONS_PER_EMAIL_PER_DAY = 3
APPLICATION_NOT_SUBMITTED = _("Only a confirmed application can be proposed.")
BAD_SCORE = _("Give each criterion a score from 0 to 5.")


@transaction.atomic
def open_call_publish(
    *,
    by: Person,
    multifactory: Multifactory,
    title: str,
    who_we_look_for: str,
    deadline: date,
    criteria: str = "",
    available_units: str = "",
) -> OpenCall:
    mandate = community_access.mandate_require(
        by, multifactory, MandateKind.FACILITATOR
    )
    call = OpenCall(
        multifactory=multifactory,
        title=title.strip(),
        who_we_look_for=who_we_look_for,
        criteria=criteria,
        deadline=deadline,
        available_units=available_units,
        published_by=by,
    )
    save_validated(call)
    audit_record(
        by=by,
        action="open_call.published",
        target=call,
        multifactory=multifactory,
        mandate=mandate,
        changes={"deadline": deadline},
    )
    return call


@transaction.atomic
def application_submit(
    *,
    call: OpenCall,
    company_name: str,
    kind: str,
    sector: str,
    stage: str,
    produces: str,
    project: str,
    contact_name: str,
    email: str,
    space_needs: str = "",
    today: date | None = None,
) -> tuple[Application, str]:
    """A visitor applies; the application counts once the e-mail link is followed.
    Returns the application and its one-time confirmation token."""
    if not call.is_open(today):
        raise ValidationError(CALL_CLOSED)
    email = email.strip().lower()
    # Rate limit by e-mail (the page and the API alike): a few a day per address.
    if (
        Application.objects.filter(
            call__multifactory=call.multifactory,
            email=email,
            created_at__gte=timezone.now() - timedelta(days=1),
        ).count()
        >= APPLICATIONS_PER_EMAIL_PER_DAY
    ):
        raise ValidationError(
            {"email": ValidationError(TOO_MANY_APPLICATIONS, code="throttled")}
        )
    if Application.objects.filter(
        call=call, email=email, state=ApplicationState.UNCONFIRMED
    ).exists():
        raise ValidationError({"email": ALREADY_APPLIED})
    token = secrets.token_urlsafe(32)
    application = Application(
        call=call,
        company_name=company_name.strip(),
        kind=kind,
        sector=sector,
        stage=stage,
        produces=produces,
        project=project,
        space_needs=space_needs,
        contact_name=contact_name.strip(),
        email=email,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
    )
    save_validated(application)
    audit_record(
        by=None,
        action="application.submitted",
        target=application,
        multifactory=call.multifactory,
        changes={"company": application.company_name, "email": email},
    )
    link = settings.SITE_URL + reverse(
        "governance:application_confirm",
        kwargs={"mf": call.multifactory.slug, "token": token},
    )
    send_email(
        to=email,
        subject=_("Confirm your application to %(multifactory)s")
        % {"multifactory": call.multifactory},
        template="governance/email/application_confirm.txt",
        context={"application": application, "call": call, "link": link},
    )
    return application, token


@transaction.atomic
def application_confirm(*, multifactory: Multifactory, token: str) -> Application:
    application = (
        Application.objects.select_for_update()
        .filter(
            call__multifactory=multifactory,
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
        )
        .select_related("call")
        .first()
    )
    if application is None:
        raise ValidationError(APPLICATION_LINK_INVALID)
    if application.state != ApplicationState.UNCONFIRMED:
        return application
    application.state = ApplicationState.SUBMITTED
    application.confirmed_at = timezone.now()
    application.save(update_fields=["state", "confirmed_at", "updated_at"])
    audit_record(
        by=None,
        action="application.confirmed",
        target=application,
        multifactory=multifactory,
    )
    notify(
        people=_all_representatives(multifactory),
        kind=kinds.APPLICATION_RECEIVED,
        title=_("New application: %(company)s") % {"company": application},
        url=application.get_absolute_url(),
        multifactory=multifactory,
    )
    return application


@transaction.atomic
def evaluation_save(
    *,
    by: Person,
    application: Application,
    scores: dict[str, Any],
    comment: str = "",
) -> Evaluation:
    """A member scores the application on each criterion (0–5), with a comment."""
    access.member_require(by, application.call.multifactory)
    cleaned = {}
    for key, _label in CRITERIA:
        value: Any = scores.get(key)
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise ValidationError({"scores": BAD_SCORE}) from None
        if not 0 <= value <= 5:
            raise ValidationError({"scores": BAD_SCORE})
        cleaned[key] = value
    evaluation, _created = Evaluation.objects.update_or_create(
        application=application,
        evaluator=by,
        defaults={"scores": cleaned, "comment": comment.strip()},
    )
    audit_record(
        by=by,
        action="application.evaluated",
        target=application,
        multifactory=application.call.multifactory,
        changes={"scores": cleaned},
    )
    return evaluation


@transaction.atomic
def application_propose(
    *, by: Person, application: Application, closes_at: datetime, unit: object = None
) -> Proposal:
    """Turn a confirmed application into an admission proposal, open for votes.

    `unit` (a place unit or its id, only with the place capability installed): the
    decision also assigns it to the new company."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != ApplicationState.SUBMITTED:
        raise ValidationError(APPLICATION_NOT_SUBMITTED)
    proposal = proposal_create(
        by=by,
        multifactory=application.call.multifactory,
        title=str(_("Admit %(company)s") % {"company": application.company_name}),
        text=f"**{application.produces}**\n\n{application.project}",
        method=tally.MAJORITY,
        closes_at=closes_at,
        effects_=[
            {
                "kind": "admit_application",
                "params": {"application": application.pk}
                | ({"unit": getattr(unit, "pk", unit)} if unit else {}),
            }
        ],
        open_now=True,
    )
    application.state = ApplicationState.PROPOSED
    application.proposal = proposal
    application.save(update_fields=["state", "proposal", "updated_at"])
    return proposal


def proposals_tick(*, now: datetime | None = None) -> dict[str, int]:
    """The scheduler's round: open what is due, remind what closes within 24 hours,
    close what has ended. Each proposal in its own transaction; one failing effect
    does not stop the others (its proposal stays open and its proposer is told)."""
    now = now or timezone.now()
    done = {"opened": 0, "reminded": 0, "closed": 0, "failed": 0}
    for proposal in Proposal.objects.filter(
        state=ProposalState.DRAFT, opens_at__lte=now
    ):
        proposal_open(by=None, proposal=proposal, now=now)
        done["opened"] += 1
    for proposal in selectors.proposals_to_remind(now=now):
        with transaction.atomic():
            voted = Ballot.objects.filter(proposal=proposal).values("organization")
            people = Person.objects.filter(
                is_active=True,
                memberships__role="representative",
                memberships__organization__in=Elector.objects.filter(proposal=proposal)
                .exclude(organization__in=voted)
                .values("organization"),
            ).distinct()
            notify(
                people=people,
                kind=kinds.PROPOSAL_CLOSING,
                title=_("Closing within 24 hours: %(title)s")
                % {"title": proposal.title},
                url=proposal.get_absolute_url(),
                multifactory=proposal.multifactory,
            )
            Proposal.objects.filter(pk=proposal.pk).update(reminded_at=now)
            done["reminded"] += 1
    for proposal in Proposal.objects.filter(
        state=ProposalState.OPEN, closes_at__lte=now
    ).select_related("multifactory", "proposed_by"):
        try:
            proposal_close(by=None, proposal=proposal, now=now)
            done["closed"] += 1
        except ValidationError as error:
            done["failed"] += 1
            notify(
                people=[proposal.proposed_by],
                kind=kinds.PROPOSAL_RESULT,
                title=_("%(title)s could not be closed: %(reason)s")
                % {"title": proposal.title, "reason": "; ".join(error.messages)},
                url=proposal.get_absolute_url(),
                multifactory=proposal.multifactory,
            )
    return done
