from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_company, make_person
from multifactory.community import services as community
from multifactory.community.models import Role
from multifactory.governance import services
from multifactory.governance.models import Attendance, Proxy
from multifactory.governance.tests.conftest import begin, open_proposal
from multifactory.notifications.models import Notification


@pytest.fixture
def companies(world):
    """Three more member companies, each with a representative."""
    made = []
    for i, name in enumerate(["Ceramiche Quattro", "Legno Cinque", "Vetro Sei"]):
        company = make_company(
            by=world.founder, multifactory=world.multifactory, name=name
        )
        person = make_person(f"rep{i}@example.org", f"Rep {name}")
        community.membership_add(
            by=world.founder,
            organization=company,
            person=person,
            role=Role.REPRESENTATIVE,
        )
        made.append((company, person))
    return made


def convene(world, **fields):
    defaults = {
        "by": world.founder,
        "multifactory": world.multifactory,
        "title": "Spring assembly",
        "starts_at": timezone.now() + timedelta(days=10),
        "second_call_at": timezone.now() + timedelta(days=10, hours=1),
        "agenda": ["Budget", "New members"],
    }
    return services.assembly_convene(**(defaults | fields))


def test_a_facilitator_convenes_and_every_representative_is_told(world):
    assembly = convene(world)
    assert [item.title for item in assembly.agenda.all()] == ["Budget", "New members"]
    assert Notification.objects.filter(
        person=world.owner, kind="governance_assembly_convened"
    ).exists()


def test_a_plain_representative_cannot_convene(world):
    with pytest.raises(PermissionDenied):
        convene(world, by=world.owner)


def test_the_notice_period_is_a_rule(world):
    with pytest.raises(ValidationError) as error:
        convene(world, starts_at=timezone.now() + timedelta(days=2))
    assert "at least 7 days ahead" in error.value.message_dict["starts_at"][0]


def test_a_proxy_goes_to_another_company(world):
    assembly = convene(world)
    proxy = services.proxy_give(
        by=world.owner, assembly=assembly, giver=world.company, holder=world.neighbour
    )
    assert proxy.holder == world.neighbour


def test_it_refuses_a_proxy_for_a_company_you_do_not_represent(world):
    assembly = convene(world)
    with pytest.raises(PermissionDenied):
        services.proxy_give(
            by=world.member,
            assembly=assembly,
            giver=world.company,
            holder=world.neighbour,
        )


def test_it_refuses_a_proxy_over_the_limit(world, companies):
    assembly = convene(world)
    for company, person in companies[:2]:
        services.proxy_give(
            by=person, assembly=assembly, giver=company, holder=world.neighbour
        )
    company, person = companies[2]
    with pytest.raises(ValidationError) as error:
        services.proxy_give(
            by=person, assembly=assembly, giver=company, holder=world.neighbour
        )
    assert error.value.message_dict["holder"] == [
        str(services.PROXY_OVER_LIMIT % {"company": world.neighbour, "limit": 2})
    ]


def test_it_refuses_a_proxy_chain_both_ways(world, companies):
    assembly = convene(world)
    services.proxy_give(
        by=world.owner, assembly=assembly, giver=world.company, holder=world.neighbour
    )
    company, person = companies[0]
    # Atelier Uno gave its proxy: it cannot hold Ceramiche's.
    with pytest.raises(ValidationError) as error:
        services.proxy_give(
            by=person, assembly=assembly, giver=company, holder=world.company
        )
    assert "proxies do not pass along" in error.value.message_dict["holder"][0]
    # Studio Due holds a proxy: it cannot give its own.
    with pytest.raises(ValidationError) as error:
        services.proxy_give(
            by=world.founder, assembly=assembly, giver=world.neighbour, holder=company
        )
    assert error.value.messages == [str(services.PROXY_CHAIN_GIVER)]


def test_attendance_counts_proxies_and_quorum_of_the_call(world, companies):
    assembly = convene(world, first_call_quorum=60, second_call_quorum=40)
    services.proxy_give(
        by=world.owner, assembly=assembly, giver=world.company, holder=world.neighbour
    )
    # 5 member companies: Studio Due present + Atelier Uno by proxy = 2 of 5 = 40 %.
    held = services.attendance_record(
        by=world.founder, assembly=begin(assembly), present=[world.neighbour], call=2
    )
    assert held.quorum_met is True
    statuses = dict(
        Attendance.objects.filter(assembly=assembly).values_list(
            "organization__name", "status"
        )
    )
    assert statuses["Atelier Uno"] == "represented"
    assert statuses["Vetro Sei"] == "absent"
    assert Notification.objects.filter(
        person=world.owner, kind="governance_proxy_used"
    ).exists()


def test_at_first_call_the_same_attendance_misses_quorum(world, companies):
    assembly = convene(world, first_call_quorum=60)
    held = services.attendance_record(
        by=world.founder,
        assembly=begin(assembly),
        present=[world.neighbour, world.company],
    )
    assert held.quorum_met is False


def test_no_proxy_once_the_assembly_is_held(world):
    assembly = convene(world)
    services.attendance_record(by=world.founder, assembly=begin(assembly), present=[])
    with pytest.raises(ValidationError):
        services.proxy_give(
            by=world.owner,
            assembly=assembly,
            giver=world.company,
            holder=world.neighbour,
        )


def test_minutes_are_approved_at_the_next_assembly(world):
    first = convene(world)
    services.attendance_record(by=world.founder, assembly=begin(first), present=[])
    with pytest.raises(ValidationError):
        services.minutes_record(by=world.founder, assembly=first, minutes=" ")
    services.minutes_record(by=world.founder, assembly=first, minutes="We met.")
    assert Notification.objects.filter(kind="governance_minutes_to_approve").exists()
    at = timezone.now() + timedelta(days=40)
    second = convene(world, starts_at=at, second_call_at=None)
    with pytest.raises(ValidationError):
        services.minutes_approve(by=world.founder, at=second, minutes_of=first)
    services.attendance_record(by=world.founder, assembly=second, present=[], now=at)
    services.minutes_approve(by=world.founder, at=second, minutes_of=first)
    first.refresh_from_db()
    assert first.minutes_approved_at == second
    with pytest.raises(ValidationError):
        services.minutes_record(by=world.founder, assembly=first, minutes="Changed")


def test_the_facilitator_records_votes_taken_in_the_meeting(world):
    proposal = open_proposal(world, in_assembly=True, closes_at=None)
    assembly = convene(world)
    services.agenda_item_add(
        by=world.founder, assembly=assembly, title="", proposal=proposal
    )
    services.attendance_record(
        by=world.founder, assembly=begin(assembly), present=[world.company]
    )
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            by=world.owner,
            proposal=proposal,
            organization=world.company,
            choice={"vote": "yes"},
        )
    services.ballot_cast(
        by=world.founder,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    assert proposal.ballots.get().cast_by == world.founder
    assert assembly.agenda.last().title == proposal.title


def test_a_proxy_can_be_withdrawn_and_given_again(world):
    assembly = convene(world)
    proxy = services.proxy_give(
        by=world.owner, assembly=assembly, giver=world.company, holder=world.neighbour
    )
    services.proxy_withdraw(by=world.owner, proxy=proxy)
    assert not Proxy.objects.exists()


def test_enough_companies_asking_may_convene_without_a_facilitator(world, companies):
    from multifactory.governance import rules

    proposal = open_proposal(
        world,
        quorum_percent=0,
        effects_=[
            {"kind": "set_rule", "params": {"key": rules.CONVENE_SHARE, "value": "40"}}
        ],
    )
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    services.proposal_close(by=world.founder, proposal=proposal)
    # 5 member companies × 40 % = 2 companies must ask.
    services.assembly_request(
        by=world.owner, organization=world.company, reason="The roof budget"
    )
    with pytest.raises(PermissionDenied) as error:
        convene(world, by=world.owner)
    assert "once 2 companies did (1 so far)" in str(error.value)
    company, person = companies[0]
    with pytest.raises(ValidationError):
        services.assembly_request(
            by=world.owner, organization=world.company, reason="Again"
        )
    services.assembly_request(by=person, organization=company, reason="Same")
    with pytest.raises(PermissionDenied):
        convene(world, by=companies[1][1])  # its company did not ask
    assembly = convene(world, by=world.owner)
    assert assembly.requests.count() == 2
    assert services.assembly_requests_needed(world.multifactory) == (0, 2)


def test_a_plain_member_cannot_ask_for_an_assembly(world):
    with pytest.raises(PermissionDenied):
        services.assembly_request(
            by=world.member, organization=world.company, reason="x"
        )
