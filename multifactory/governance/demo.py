"""Demo governance of R84: a year of decisions and a proposal open for votes.

Everything goes through the services (with past `now`s), so numbers, figures, effects
and the audit trail are the real ones. Ballots come from `demo.rng`, so every run
gives the same register.
"""

from datetime import datetime, time, timedelta
from typing import Any

from multifactory.community.demo_context import DemoContext
from multifactory.community.models import (
    MandateKind,
    Membership,
    Multifactory,
    Organization,
    OrganizationStatus,
    Person,
    Role,
)
from multifactory.governance import floors, rules, services
from multifactory.governance.models import Assembly

CHARTER_V1 = """# The R84 charter

## What we are
A community of independent companies that make things, sharing a former factory
in Mantua and running it together.

## Our values
- **Productive vocation**: we make things and follow their whole life cycle.
- **Diversity**: different crafts, sizes and stages, so we help rather than compete.
- **Mutual support** as a shared tool: advice, skills, tools and clients.

## House rules
- Leave the common spaces as you would like to find them.
- Book shared machines in advance; train before you use them.
"""

CHARTER_V2 = CHARTER_V1.replace(
    "- Book shared machines in advance; train before you use them.\n",
    "- Book shared machines in advance; train before you use them.\n"
    "- The last one out at night checks windows, lights and the alarm.\n"
    "- Visitors are welcome: whoever invites them accompanies them.\n",
)


def _electorate_votes(demo: DemoContext, proposal, pick, when) -> None:
    """Each company of the electorate votes (or not) through its representative."""
    representatives: dict[Organization, Person] = {}
    for membership in (
        Membership.objects.filter(
            organization__in=proposal.electors.values("organization"),
            role=Role.REPRESENTATIVE,
        )
        .select_related("person", "organization")
        .order_by("organization__name", "pk")
    ):
        representatives.setdefault(membership.organization, membership.person)
    for i, (organization, person) in enumerate(
        sorted(representatives.items(), key=lambda item: item[0].name)
    ):
        choice = pick(demo.rng)
        if choice is None:
            continue  # this company did not vote
        services.ballot_cast(
            by=person,
            proposal=proposal,
            organization=organization,
            choice=choice,
            now=when + timedelta(minutes=7 * i),
        )


def _yes_mostly(share_yes: float = 0.8, turnout: float = 0.85):
    def pick(rng):
        if rng.random() > turnout:
            return None
        roll = rng.random()
        if roll < share_yes:
            return {"vote": "yes"}
        return {"vote": "no"} if roll < 0.92 else {"vote": "abstain"}

    return pick


def _propose(demo, facilitator, *, opens, closes, **fields):
    """A proposal made early enough that the notice floor of its effects has passed
    when voting opens at `opens` (opened as the scheduler would)."""
    effects_ = fields.get("effects_", [])
    applying = floors.for_effects(
        demo.main, [(e["kind"], e.get("params", {})) for e in effects_]
    )
    notice = timedelta(hours=applying.notice_hours.value if applying else 0)
    proposal = services.proposal_create(
        by=facilitator,
        multifactory=demo.main,
        opens_at=opens,
        closes_at=closes,
        now=opens - notice,
        **fields,
    )
    return services.proposal_open(by=None, proposal=proposal, now=opens)


def _decide(demo, facilitator, *, start, pick, **fields):
    proposal = _propose(
        demo, facilitator, opens=start, closes=start + timedelta(days=10), **fields
    )
    _electorate_votes(demo, proposal, pick, start + timedelta(hours=2))
    return services.proposal_close(
        by=facilitator, proposal=proposal, now=start + timedelta(days=10, minutes=1)
    )


def _representatives(main: Multifactory) -> dict[Organization, Person]:
    chosen: dict[Organization, Person] = {}
    for membership in (
        Membership.objects.filter(
            multifactory=main,
            role=Role.REPRESENTATIVE,
            organization__status__in=["member", "leaving"],
        )
        .select_related("person", "organization")
        .order_by("organization__name", "pk")
    ):
        chosen.setdefault(membership.organization, membership.person)
    return chosen


def _assemblies(demo: DemoContext, facilitator, at, evening) -> None:
    """Two assemblies held (minutes, proxies) and one convened for next month."""
    main = demo.main
    representatives = _representatives(main)
    companies = list(representatives)
    held: list[Assembly] = []
    for title, day, minutes in [
        (
            "Spring assembly",
            100,
            "## Spring assembly\n\n- The garden group reported on the reforestation."
            "\n- The treasurer presented the first quarter: costs on budget.",
        ),
        (
            "Autumn assembly",
            300,
            "## Autumn assembly\n\n- Minutes of the spring assembly approved."
            "\n- Open day: 400 visitors, 12 companies took part.",
        ),
    ]:
        assembly = services.assembly_convene(
            by=facilitator,
            multifactory=main,
            title=title,
            starts_at=at(day),
            second_call_at=at(day) + timedelta(hours=1),
            place="Common room, ground floor",
            agenda=["Reports of the mandates", "Common costs", "Any other business"],
            now=at(day - 14),
        )
        givers = demo.rng.sample(companies, 4)
        holders = [c for c in companies if c not in givers]
        for i, giver in enumerate(givers):
            services.proxy_give(
                by=representatives[giver],
                assembly=assembly,
                giver=giver,
                holder=holders[i // 2],
            )
        present = [c for c in holders if demo.rng.random() < 0.6] + holders[:2]
        services.attendance_record(
            by=facilitator,
            assembly=assembly,
            present=present,
            call=2,
            now=at(day) + timedelta(hours=1, minutes=10),
        )
        if held:
            services.minutes_approve(by=facilitator, at=assembly, minutes_of=held[-1])
        services.minutes_record(by=facilitator, assembly=assembly, minutes=minutes)
        held.append(assembly)
    upcoming = services.assembly_convene(
        by=facilitator,
        multifactory=main,
        title="Winter assembly",
        starts_at=evening + timedelta(days=21),
        second_call_at=evening + timedelta(days=21, hours=1),
        place="Common room, ground floor",
        online_link="https://meet.example.org/r84-winter",
        agenda=[
            "Approval of the minutes of the autumn assembly",
            "Budget of next year",
            "Admissions",
        ],
        now=evening - timedelta(days=1),
    )
    giver, holder = companies[0], companies[1]
    services.proxy_give(
        by=representatives[giver], assembly=upcoming, giver=giver, holder=holder
    )


APPLICANTS: tuple[dict[str, Any], ...] = (
    {
        "company_name": "Liuteria Sette",
        "kind": "artist",
        "sector": "R",
        "stage": "starting",
        "produces": "Violins, violas and cellos",
        "project": "A violin maker's workshop, open to the music school on Saturdays.",
        "space_needs": "About 40 m², quiet, no dust",
        "contact_name": "Lia Sette",
        "email": "lia@liuteria-sette.example",
    },
    {
        "company_name": "Ciclofficina Otto",
        "kind": "cooperative",
        "sector": "S",
        "stage": "growing",
        "produces": "Repaired and rebuilt bicycles",
        "project": "Bicycle repair with courses; would run the cycling club's tools.",
        "space_needs": "60 m² on the ground floor with a wide door",
        "contact_name": "Otto Ferrari",
        "email": "otto@ciclofficina.example",
    },
    {
        "company_name": "Studio Grafico Nove",
        "kind": "freelancer",
        "sector": "M",
        "stage": "mature",
        "produces": "Brand identities and signage",
        "project": "Graphic design; could design the multifactory's signage.",
        "space_needs": "A desk in a shared office",
        "contact_name": "Nora Nove",
        "email": "nora@grafico-nove.example",
    },
)


def _open_call(demo: DemoContext, facilitator, evening) -> None:
    call = services.open_call_publish(
        by=facilitator,
        multifactory=demo.main,
        title="Open call: two workshops and a desk",
        who_we_look_for=(
            "Companies that **make things** and want to share tools, skills and "
            "clients: craftspeople, small factories, artists, cooperatives."
        ),
        criteria=(
            "- Productive vocation\n- Environmental, social and economic "
            "sustainability\n- Fit with the community and what it lacks"
        ),
        deadline=demo.today + timedelta(days=30),
        available_units="Two workshops of 60–80 m², one desk in the shared office",
    )
    evaluators = list(_representatives(demo.main).values())[:3]
    for i, fields in enumerate(APPLICANTS):
        application, token = services.application_submit(call=call, **fields)
        if i == len(APPLICANTS) - 1:
            continue  # the last one has not confirmed its e-mail yet
        services.application_confirm(multifactory=demo.main, token=token)
        for evaluator in evaluators[: 3 - i]:
            services.evaluation_save(
                by=evaluator,
                application=application,
                scores={
                    key: demo.rng.randint(2, 5)
                    for key in (
                        "productive",
                        "environmental",
                        "social",
                        "economic",
                        "fit",
                    )
                },
                comment=demo.rng.choice(
                    [
                        "Would bring something we lack.",
                        "Good fit with the wood and metal workshops.",
                        "Let us visit their current space first.",
                    ]
                ),
            )


def build(demo: DemoContext) -> None:
    main = demo.main
    facilitator = (
        main.mandates.active(on=demo.today)
        .filter(kind=MandateKind.FACILITATOR)
        .select_related("person")
        .order_by("pk")
        .first()
        .person
    )
    evening = datetime.combine(demo.today, time(18, 0), tzinfo=main.zone)
    year_ago = evening - timedelta(days=360)

    def at(days: int) -> datetime:
        return year_ago + timedelta(days=days)

    charter = _decide(
        demo,
        facilitator,
        start=at(0),
        title="Adopt the R84 charter",
        text="The values and house rules we have lived by, written down.",
        method="consensus",
        quorum_percent=50,
        effects_=[{"kind": "amend_charter", "params": {"text": CHARTER_V1}}],
        pick=lambda rng: (
            None
            if rng.random() > 0.8
            else {"vote": "agree" if rng.random() < 0.85 else "stand_aside"}
        ),
    )
    _decide(
        demo,
        facilitator,
        start=at(30),
        title="Common budget for the year",
        text="Electricity, heating, cleaning, internet and maintenance.",
        method="qualified",
        threshold="2/3",
        effects_=[
            {
                "kind": "approve_spending",
                "params": {
                    "kind": "budget",
                    "description": "Common costs of the year",
                    "amount": 4_860_000,
                },
            }
        ],
        pick=_yes_mostly(0.82),
    )
    _decide(
        demo,
        facilitator,
        start=at(60),
        title="Lower the default quorum to 40 %",
        text="Summer assemblies never reach half of the companies.",
        method="majority",
        effects_=[
            {
                "kind": "set_rule",
                "params": {"key": rules.QUORUM_DEFAULT, "value": "40"},
            }
        ],
        pick=_yes_mostly(0.6),
    )
    _decide(
        demo,
        facilitator,
        start=at(95),
        title="Date of the spring open day",
        method="time_poll",
        options=["Saturday 11 April", "Saturday 18 April", "Sunday 26 April"],
        pick=lambda rng: (
            None
            if rng.random() > 0.7
            else {
                "availability": {
                    key: rng.choice(["yes", "yes", "maybe", "no"]) for key in "123"
                }
            }
        ),
    )
    _decide(
        demo,
        facilitator,
        start=at(130),
        title="The common project of the year",
        method="irv",
        options=["Reforestation of the bank", "Cycling club", "Repair café"],
        pick=lambda rng: (
            None
            if rng.random() > 0.8
            else {"ranking": rng.sample(["1", "2", "3"], rng.randint(1, 3))}
        ),
    )
    trainer = demo.people.get("sara@r84.example")
    if trainer is not None:
        _decide(
            demo,
            facilitator,
            start=at(160),
            title="Sara trains members on the 3D printers",
            method="consent",
            effects_=[
                {
                    "kind": "grant_mandate",
                    "params": {
                        "person": trainer.pk,
                        "kind": MandateKind.TRAINER,
                        "scope": "3D printers",
                    },
                }
            ],
            pick=lambda rng: None if rng.random() > 0.75 else {"vote": "consent"},
        )
    _decide(
        demo,
        facilitator,
        start=at(190),
        title="Keep the building open on Sunday nights",
        method="majority",
        pick=_yes_mostly(0.35),
    )
    _decide(
        demo,
        facilitator,
        start=at(220),
        title="Repair the north roof",
        method="majority",
        effects_=[
            {
                "kind": "approve_spending",
                "params": {"description": "North roof repair", "amount": 1_250_000},
            }
        ],
        pick=_yes_mostly(0.9),
    )
    _decide(
        demo,
        facilitator,
        start=at(250),
        title="Apply to the urban regeneration call with the municipality",
        method="majority",
        effects_=[
            {
                "kind": "take_part_in_call",
                "params": {"title": "Rigenerazione urbana 2027", "reference": "RU-27"},
            }
        ],
        pick=_yes_mostly(0.75),
    )
    charter_v2 = _propose(
        demo,
        facilitator,
        opens=at(280),
        closes=at(290),
        title="Two more house rules",
        text="Closing up at night, and visitors.",
        # The charter changes by a two-thirds majority (a floor of the rules).
        method="qualified",
        threshold="2/3",
        amends=charter,
        effects_=[{"kind": "amend_charter", "params": {"text": CHARTER_V2}}],
    )
    _electorate_votes(demo, charter_v2, _yes_mostly(0.85), at(281))
    services.proposal_close(by=facilitator, proposal=charter_v2, now=at(290))

    _assemblies(demo, facilitator, at, evening)
    _open_call(demo, facilitator, evening)

    applicants = list(
        Organization.objects.filter(
            multifactory=main, status=OrganizationStatus.APPLICANT
        ).order_by("name")
    )
    if applicants:
        admitted = applicants[0]
        _decide(
            demo,
            facilitator,
            start=at(320),
            title=f"Admit {admitted.name}",
            text=admitted.description,
            method="majority",
            effects_=[
                {"kind": "admit_company", "params": {"organization": admitted.pk}}
            ],
            pick=_yes_mostly(0.9),
        )
    if len(applicants) > 1:
        # Open now: half of the companies have voted, the rest still can.
        candidate = applicants[1]
        proposal = services.proposal_create(
            by=facilitator,
            multifactory=main,
            title=f"Admit {candidate.name}",
            text=candidate.description,
            method="majority",
            closes_at=evening + timedelta(days=5),
            open_now=True,
            now=evening - timedelta(days=2),
            effects_=[
                {"kind": "admit_company", "params": {"organization": candidate.pk}}
            ],
        )
        _electorate_votes(
            demo,
            proposal,
            _yes_mostly(0.8, turnout=0.5),
            evening - timedelta(days=2) + timedelta(hours=1),
        )
