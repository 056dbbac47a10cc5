"""Pages of governance: parse → access → one service or selector → render."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from multifactory.community import access as community_access
from multifactory.community.decorators import member_view, multifactory_view
from multifactory.community.models import Organization
from multifactory.core.forms import apply_service_errors, message_service_errors
from multifactory.core.inputs import ascii_int, row_id, row_ids
from multifactory.core.throttle import throttle
from multifactory.governance import access, effects, floors, forms, selectors, services
from multifactory.governance.forms import (
    ApplicationForm,
    AssemblyForm,
    OpenCallForm,
    ProposalForm,
    ballot_from_post,
)
from multifactory.governance.models import (
    CRITERIA,
    Assembly,
    AssemblyState,
    Outcome,
    ProposalState,
    tie_break_label,
)

VOTE_RECORDED = _("The vote of %(company)s is recorded.")
PROPOSAL_OPENED = _("Voting is open.")
PROPOSAL_WITHDRAWN = _("The proposal was withdrawn.")
DECISION_RECORDED = _("Decision %(number)s is recorded.")
RECEIPT_GIVEN = _(
    "Your receipt: %(receipt)s. Write it down now, it is shown only once: after the "
    "close it lets you check that your ballot was counted as cast. Voting again "
    "gives a new receipt and voids this one."
)
RECEIPT_FOUND = _("This receipt is counted with the choice %(choice)s.")
RECEIPT_NOT_FOUND = _(
    "No counted ballot has this receipt. Check it as written; only the receipt of a "
    "company's last ballot counts."
)


@member_view
def proposal_list(request, multifactory):
    state = request.GET.get("state", "")
    if state not in ProposalState.values:
        state = ""
    proposals = selectors.proposal_list(multifactory=multifactory, state=state)
    page = Paginator(proposals, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/proposal_list.html",
        {
            "multifactory": multifactory,
            "page": page,
            "state": state,
            "states": ProposalState.choices,
        },
    )


@member_view
def proposal_create(request, multifactory):
    access.proposal_authority(request.user, multifactory)
    form = ProposalForm(request.POST or None, multifactory=multifactory)
    effect_forms = forms.effect_forms(request.POST or None, multifactory=multifactory)
    used = [effect_form for effect_form in effect_forms if effect_form.used]
    effects_valid = all(effect_form.is_valid() for effect_form in used)
    if request.method == "POST" and form.is_valid() and effects_valid:
        data = form.cleaned_data
        try:
            proposal = services.proposal_create(
                by=request.user,
                multifactory=multifactory,
                title=data["title"],
                text=data["text"],
                method=data["method"],
                options=data["options"].splitlines(),
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                in_assembly=data["in_assembly"],
                quorum_percent=data["quorum_percent"],
                threshold=data["threshold"],
                threshold_base=data["threshold_base"],
                abstention_rule=data["abstention_rule"],
                results_hidden=data["results_hidden"],
                secret_ballot=data["secret_ballot"],
                effects_=[effect_form.effect() for effect_form in used],
                open_now=data["open_now"],
                amends=data["amends"],
                revokes=data["revokes"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(proposal)
    return render(
        request,
        "governance/proposal_form.html",
        {
            "multifactory": multifactory,
            "form": form,
            "effect_forms": effect_forms,
            "floors": floors.table(multifactory),
            # Named, so the page title says "Error:" when only an effect is wrong.
            "effect_form_with_errors": next(
                (effect_form for effect_form in used if effect_form.errors), None
            ),
        },
    )


@login_required
@multifactory_view
def proposal_detail(request, multifactory, pk):
    proposal = access.proposal_get_for_member(request.user, multifactory, pk)
    is_facilitator = bool(_facilitator(request, multifactory))
    if proposal.in_assembly:
        # Votes taken in the meeting: the facilitator records every company's.
        companies = selectors.electors(proposal) if is_facilitator else []
    else:
        companies = selectors.electors_represented_by(request.user, proposal)
    my_ballots = [
        {
            "organization": company,
            "voted": selectors.has_voted(proposal, company),
            "choice": selectors.ballot_for(proposal, company),
        }
        for company in companies
    ]
    closed = proposal.state == ProposalState.CLOSED
    results = selectors.proposal_results(proposal)
    return render(
        request,
        "governance/proposal.html",
        {
            "multifactory": multifactory,
            "proposal": proposal,
            "effects": proposal.effects.all(),
            "my_ballots": my_ballots,
            "voting_open": proposal.is_voting_open(),
            "results": results,
            "results_outcome": Outcome(results.outcome).label if results else "",
            "results_tie_break": tie_break_label(results.tie_break) if results else "",
            "participation": selectors.participation(proposal, viewer=request.user),
            "history": selectors.ballot_history(proposal),
            "receipts": selectors.secret_receipts(proposal),
            "decision": getattr(proposal, "decision", None) if closed else None,
            "is_facilitator": is_facilitator,
            "can_manage": access.allows(
                access.proposal_manage_authority, request.user, proposal
            ),
            "can_close": access.allows(
                access.proposal_close_authority, request.user, proposal
            ),
        },
    )


@login_required
@require_POST
@multifactory_view
def ballot_cast(request, multifactory, pk):
    proposal = access.proposal_get_for_member(request.user, multifactory, pk)
    organization = Organization.objects.filter(
        multifactory=multifactory,
        pk=row_id(request.POST.get("organization")),  # type: ignore[misc]  # None finds no row
    ).first()
    if organization is None:
        raise Http404(_("No such company in this multifactory."))
    try:
        ballot = services.ballot_cast(
            by=request.user,
            proposal=proposal,
            organization=organization,
            choice=ballot_from_post(proposal, request.POST),
        )
    except ValidationError as error:
        message_service_errors(request, error)
    else:
        messages.success(request, VOTE_RECORDED % {"company": organization})
        if ballot.receipt:
            messages.info(request, RECEIPT_GIVEN % {"receipt": ballot.receipt})
    return redirect(proposal)


@login_required
@require_POST
@multifactory_view
def receipt_check(request, multifactory, pk):
    """After the close, a voter checks that the choice published under its receipt
    is the one it cast (the receipt is not kept: neither in a URL nor in a log)."""
    proposal = access.proposal_get_for_member(request.user, multifactory, pk)
    row = selectors.receipt_lookup(proposal, request.POST.get("receipt", ""))
    if row is None:
        messages.error(request, RECEIPT_NOT_FOUND)
    else:
        messages.success(request, RECEIPT_FOUND % {"choice": row.choice})
    return redirect(proposal)


def _proposal_act(request, multifactory, pk, service, success_message):
    """Run a one-button service on a proposal the member can see, then go back to it."""
    proposal = access.proposal_get_for_member(request.user, multifactory, pk)
    try:
        service(by=request.user, proposal=proposal)
    except ValidationError as error:
        message_service_errors(request, error)
    else:
        messages.success(request, success_message)
    return redirect(proposal)


@login_required
@require_POST
@multifactory_view
def proposal_open(request, multifactory, pk):
    return _proposal_act(
        request, multifactory, pk, services.proposal_open, PROPOSAL_OPENED
    )


@login_required
@require_POST
@multifactory_view
def proposal_close(request, multifactory, pk):
    proposal = access.proposal_get_for_member(request.user, multifactory, pk)
    try:
        decision = services.proposal_close(by=request.user, proposal=proposal)
    except ValidationError as error:
        message_service_errors(request, error)
        return redirect(proposal)
    messages.success(request, DECISION_RECORDED % {"number": decision.number})
    return redirect(decision)


@login_required
@require_POST
@multifactory_view
def proposal_withdraw(request, multifactory, pk):
    return _proposal_act(
        request, multifactory, pk, services.proposal_withdraw, PROPOSAL_WITHDRAWN
    )


@member_view
def decision_list(request, multifactory):
    year = request.GET.get("year", "")
    search = request.GET.get("q", "").strip()
    decisions = selectors.decision_list(
        multifactory=multifactory,
        year=ascii_int(year, low=1, high=9999),
        search=search,
    )
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/decision_list.html",
        {"multifactory": multifactory, "page": page, "year": year, "q": search},
    )


@login_required
@multifactory_view
def decision_detail(request, multifactory, year, seq):
    decision = access.decision_get_for_member(request.user, multifactory, year, seq)
    return render(
        request,
        "governance/decision.html",
        {
            "multifactory": multifactory,
            "decision": decision,
            "proposal": decision.proposal,
            "effects": decision.proposal.effects.all(),
            "amended_by": decision.amended_by.all(),
            "revoked_by": decision.revoked_by.all(),
        },
    )


@member_view
def rule_list(request, multifactory):
    return render(
        request,
        "governance/rules.html",
        {
            "multifactory": multifactory,
            "rules": selectors.rule_list(multifactory=multifactory),
        },
    )


@member_view
def charter(request, multifactory):
    versions = list(selectors.charter_versions(multifactory=multifactory))
    diff = []
    old, new = request.GET.get("old", ""), request.GET.get("new", "")
    old_number, new_number = ascii_int(old, low=1), ascii_int(new, low=1)
    if old_number is not None and new_number is not None:
        diff = selectors.charter_diff(
            multifactory=multifactory, old=old_number, new=new_number
        )
    return render(
        request,
        "governance/charter.html",
        {
            "multifactory": multifactory,
            "current": versions[0] if versions else None,
            "versions": versions,
            "diff": diff,
            "old": old,
            "new": new,
        },
    )


# Assemblies -----------------------------------------------------------------------

PROXY_GIVEN = _("%(giver)s gave its proxy to %(holder)s.")
ATTENDANCE_RECORDED = _("Attendance recorded.")
MINUTES_SAVED = _("Minutes saved.")
MINUTES_APPROVED = _("The minutes of %(assembly)s are approved.")


def _facilitator(request, multifactory):
    return community_access.active_mandate(request.user, multifactory, "facilitator")


ASSEMBLY_REQUESTED = _("Your request for an assembly is recorded.")


@member_view
def assembly_list(request, multifactory):
    pending, needed = services.assembly_requests_needed(multifactory)
    mine = access.represented_companies(request.user, multifactory)
    asked = set(
        selectors.pending_assembly_requests(multifactory=multifactory).values_list(
            "organization_id", flat=True
        )
    )
    return render(
        request,
        "governance/assembly_list.html",
        {
            "multifactory": multifactory,
            "assemblies": selectors.assembly_list(multifactory=multifactory),
            "is_facilitator": bool(_facilitator(request, multifactory)),
            "can_convene": bool(_facilitator(request, multifactory))
            or (pending >= needed and any(c.pk in asked for c in mine)),
            "pending": pending,
            "needed": needed,
            "may_ask": [c for c in mine if c.pk not in asked],
        },
    )


@login_required
@require_POST
@member_view
def assembly_request(request, multifactory):
    organization = Organization.objects.filter(
        multifactory=multifactory,
        pk=row_id(request.POST.get("organization")),  # type: ignore[misc]  # None finds no row
    ).first()
    if organization is None:
        raise Http404(_("No such company in this multifactory."))
    try:
        services.assembly_request(
            by=request.user,
            organization=organization,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        message_service_errors(request, error)
    else:
        messages.success(request, ASSEMBLY_REQUESTED)
    return redirect("governance:assemblies", mf=multifactory.slug)


@member_view
def assembly_convene(request, multifactory):
    services.assembly_convene_check(request.user, multifactory)
    form = AssemblyForm(request.POST or None, multifactory=multifactory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assembly = services.assembly_convene(
                by=request.user,
                multifactory=multifactory,
                title=data["title"],
                starts_at=data["starts_at"],
                second_call_at=data["second_call_at"],
                place=data["place"],
                online_link=data["online_link"],
                first_call_quorum=data["first_call_quorum"],
                second_call_quorum=data["second_call_quorum"],
                agenda=data["agenda"].splitlines(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(assembly)
    return render(
        request,
        "governance/assembly_form.html",
        {"multifactory": multifactory, "form": form},
    )


@login_required
@multifactory_view
def assembly_detail(request, multifactory, pk):
    assembly = access.assembly_get_for_member(request.user, multifactory, pk)
    mine = access.represented_companies(request.user, multifactory)
    proxies = list(selectors.proxies_valid(assembly).select_related("giver", "holder"))
    given = {proxy.giver_id: proxy for proxy in proxies}
    return render(
        request,
        "governance/assembly.html",
        {
            "multifactory": multifactory,
            "assembly": assembly,
            "agenda": assembly.agenda.select_related("proposal"),
            "proxies": proxies,
            "my_companies": [
                {"organization": company, "proxy": given.get(company.pk)}
                for company in mine
            ],
            "members": selectors.member_companies(multifactory=multifactory),
            "attendance": assembly.attendance.select_related(
                "organization", "represented_by"
            ).order_by("organization__name"),
            "is_facilitator": bool(_facilitator(request, multifactory)),
            "convened": assembly.state == AssemblyState.CONVENED,
            "begun": assembly.starts_at <= timezone.now(),
            "earlier_minutes": Assembly.objects.filter(
                multifactory=multifactory,
                starts_at__lt=assembly.starts_at,
                minutes_approved_at__isnull=True,
            ).exclude(minutes=""),
        },
    )


def _assembly_for_post(request, multifactory, pk):
    return multifactory, access.assembly_get_for_member(request.user, multifactory, pk)


@login_required
@require_POST
@multifactory_view
def assembly_proxy(request, multifactory, pk):
    multifactory, assembly = _assembly_for_post(request, multifactory, pk)
    companies = Organization.objects.filter(multifactory=multifactory)
    giver = companies.filter(pk=row_id(request.POST.get("giver"))).first()  # type: ignore[misc]  # None finds no row
    holder = companies.filter(pk=row_id(request.POST.get("holder"))).first()  # type: ignore[misc]  # None finds no row
    if giver is None or holder is None:
        raise Http404(_("No such company in this multifactory."))
    try:
        services.proxy_give(
            by=request.user, assembly=assembly, giver=giver, holder=holder
        )
    except ValidationError as error:
        message_service_errors(request, error)
    else:
        messages.success(request, PROXY_GIVEN % {"giver": giver, "holder": holder})
    return redirect(assembly)


@login_required
@require_POST
@multifactory_view
def assembly_attendance(request, multifactory, pk):
    multifactory, assembly = _assembly_for_post(request, multifactory, pk)
    present_ids = row_ids(request.POST.getlist("present"))
    if present_ids is None:
        raise Http404(_("No such company in this multifactory."))
    present = list(
        Organization.objects.filter(multifactory=multifactory, pk__in=present_ids)
    )
    try:
        services.attendance_record(
            by=request.user,
            assembly=assembly,
            present=present,
            call=2 if request.POST.get("call") == "2" else 1,
        )
    except ValidationError as error:
        message_service_errors(request, error)
    else:
        messages.success(request, ATTENDANCE_RECORDED)
    return redirect(assembly)


@login_required
@require_POST
@multifactory_view
def assembly_minutes(request, multifactory, pk):
    multifactory, assembly = _assembly_for_post(request, multifactory, pk)
    try:
        if request.POST.get("approve"):
            earlier = access.assembly_get_for_member(
                request.user, multifactory, row_id(request.POST["approve"]) or 0
            )
            services.minutes_approve(by=request.user, at=assembly, minutes_of=earlier)
            messages.success(request, MINUTES_APPROVED % {"assembly": earlier})
        else:
            services.minutes_record(
                by=request.user,
                assembly=assembly,
                minutes=request.POST.get("minutes", ""),
            )
            messages.success(request, MINUTES_SAVED)
    except ValidationError as error:
        message_service_errors(request, error)
    return redirect(assembly)


ASSEMBLY_CANCELLED = _("The assembly is cancelled; every representative is told.")


@login_required
@require_POST
@multifactory_view
def assembly_cancel(request, multifactory, pk):
    _multifactory, assembly = _assembly_for_post(request, multifactory, pk)
    try:
        services.assembly_cancel(
            by=request.user, assembly=assembly, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        message_service_errors(request, error)
    else:
        messages.success(request, ASSEMBLY_CANCELLED)
    return redirect(assembly)


# Open calls and applications ------------------------------------------------------

APPLICATION_SENT = _(
    "Thank you! We sent you an e-mail: open its link to confirm your application."
)
APPLICATION_CONFIRMED = _(
    "Your application is confirmed. The member companies will evaluate it."
)
EVALUATION_SAVED = _("Your evaluation is saved.")
NO_SUCH_CALL = _("No such open call.")


@multifactory_view
def open_call_list(request, multifactory):
    is_member = community_access.is_member_of(request.user, multifactory)
    return render(
        request,
        "governance/open_call_list.html",
        {
            "multifactory": multifactory,
            "calls": selectors.open_call_list(
                multifactory=multifactory, include_closed=is_member
            ),
            "is_facilitator": bool(_facilitator(request, multifactory)),
        },
    )


@member_view
def open_call_publish(request, multifactory):
    community_access.mandate_require(request.user, multifactory, "facilitator")
    form = OpenCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.open_call_publish(
                by=request.user, multifactory=multifactory, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(call)
    return render(
        request,
        "governance/open_call_form.html",
        {"multifactory": multifactory, "form": form},
    )


@multifactory_view
def open_call_detail(request, multifactory, pk):
    """The public page of a call with its application form; members also see the
    applications received."""
    is_member = community_access.is_member_of(request.user, multifactory) or bool(
        _facilitator(request, multifactory)
    )
    call = selectors.open_call_get(multifactory=multifactory, pk=pk, member=is_member)
    if call is None:
        raise Http404(NO_SUCH_CALL)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and call.is_open() and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("homepage", "started")
        }
        # Each application sends an e-mail: a few an hour from one address.
        throttle(request, "application")
        try:
            services.application_submit(call=call, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, APPLICATION_SENT)
            return redirect(call)
    return render(
        request,
        "governance/open_call.html",
        {
            "multifactory": multifactory,
            "call": call,
            "form": form,
            "applications": selectors.application_list(call=call) if is_member else [],
        },
    )


@multifactory_view
def application_confirm(request, multifactory, token):
    try:
        application = services.application_confirm(
            multifactory=multifactory, token=token
        )
    except ValidationError as error:
        message_service_errors(request, error)
        return redirect("governance:open_calls", mf=multifactory.slug)
    messages.success(request, APPLICATION_CONFIRMED)
    return redirect(application.call)


def _application_for_member(request, multifactory, pk):
    application = access.application_get_for_member(request.user, multifactory, pk)
    return multifactory, application


@login_required
@multifactory_view
def application_detail(request, multifactory, pk):
    multifactory, application = _application_for_member(request, multifactory, pk)
    evaluations = list(application.evaluations.select_related("evaluator"))
    mine = next((e for e in evaluations if e.evaluator_id == request.user.pk), None)
    return render(
        request,
        "governance/application.html",
        {
            "multifactory": multifactory,
            "application": application,
            "evaluations": evaluations,
            "averages": selectors.evaluation_averages(evaluations),
            "criteria": [
                (key, label, (mine.scores.get(key) if mine else None))
                for key, label in CRITERIA
            ],
            "my_comment": mine.comment if mine else "",
            "what_if": selectors.diversity_what_if(application),
            "free_units": effects.free_units(multifactory)
            if application.state == "submitted"
            else [],
            "can_propose": bool(
                access.represented_companies(request.user, multifactory)
            )
            or bool(_facilitator(request, multifactory)),
        },
    )


@login_required
@require_POST
@multifactory_view
def application_evaluate(request, multifactory, pk):
    multifactory, application = _application_for_member(request, multifactory, pk)
    try:
        services.evaluation_save(
            by=request.user,
            application=application,
            scores={key: request.POST.get(f"score_{key}") for key, _label in CRITERIA},
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        message_service_errors(request, error)
    else:
        messages.success(request, EVALUATION_SAVED)
    return redirect(application)


@login_required
@require_POST
@multifactory_view
def application_propose(request, multifactory, pk):
    multifactory, application = _application_for_member(request, multifactory, pk)
    try:
        proposal = services.application_propose(
            by=request.user,
            application=application,
            closes_at=timezone.now() + timedelta(days=7),
            unit=request.POST.get("unit") or None,
        )
    except ValidationError as error:
        message_service_errors(request, error)
        return redirect(application)
    return redirect(proposal)
