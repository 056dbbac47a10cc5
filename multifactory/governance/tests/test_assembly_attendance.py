"""Assemblies: attendance once begun, votes of those present, proxies of members only
(issue 7, finding 5)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_company, make_person
from multifactory.api.testing import ApiClient
from multifactory.community import services as community
from multifactory.community.models import Organization, Role
from multifactory.governance import services
from multifactory.governance.models import Assembly, AssemblyState, Attendance
from multifactory.governance.tests.conftest import begin, hold_assembly, open_proposal
from multifactory.notifications.models import Notification

MF = "/api/v1/m/r84-test"


@pytest.fixture
def third(world):
    """A third member company with its representative."""
    company = make_company(
        by=world.founder, multifactory=world.multifactory, name="Ceramiche Tre"
    )
    person = make_person("third@example.org", "Tina Third")
    community.membership_add(
        by=world.founder, organization=company, person=person, role=Role.REPRESENTATIVE
    )
    return company, person


def convene(world, **fields):
    defaults = {
        "by": world.founder,
        "multifactory": world.multifactory,
        "title": "Winter assembly",
        "starts_at": timezone.now() + timedelta(days=10),
        "second_call_at": timezone.now() + timedelta(days=10, hours=1),
    }
    return services.assembly_convene(**(defaults | fields))


def set_status(company, status):
    # Straight to the row: how a company became former is another capability's rule.
    Organization.objects.filter(pk=company.pk).update(status=status)
    company.refresh_from_db()


def test_it_refuses_attendance_before_the_assembly_starts_and_tells_no_proxy_giver(
    world,
):
    world.multifactory.time_zone = "Europe/Rome"
    world.multifactory.save(update_fields=["time_zone"])
    assembly = convene(world)
    services.proxy_give(
        by=world.owner, assembly=assembly, giver=world.company, holder=world.neighbour
    )
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            by=world.founder, assembly=assembly, present=[world.neighbour]
        )
    start = timezone.localtime(assembly.starts_at, world.multifactory.zone)
    assert error.value.messages == [
        str(
            services.ATTENDANCE_BEFORE_START
            % {"start": start.strftime("%Y-%m-%d %H:%M"), "zone": "Europe/Rome"}
        )
    ]
    assembly.refresh_from_db()
    assert assembly.state == AssemblyState.CONVENED
    assert not Attendance.objects.exists()
    assert not Notification.objects.filter(kind="governance_proxy_used").exists()


def test_proxy_givers_are_told_once_attendance_is_recorded_after_the_start(world):
    assembly = convene(world)
    services.proxy_give(
        by=world.owner, assembly=assembly, giver=world.company, holder=world.neighbour
    )
    services.attendance_record(
        by=world.founder,
        assembly=assembly,
        present=[world.neighbour],
        now=assembly.starts_at + timedelta(minutes=5),
    )
    assert Notification.objects.filter(
        person=world.owner, kind="governance_proxy_used"
    ).exists()


def test_the_second_call_is_recorded_only_once_it_has_begun(world):
    assembly = convene(world)
    between = assembly.starts_at + timedelta(minutes=30)
    with pytest.raises(ValidationError):
        services.attendance_record(
            by=world.founder, assembly=assembly, present=[], call=2, now=between
        )
    held = services.attendance_record(
        by=world.founder,
        assembly=assembly,
        present=[],
        call=2,
        now=assembly.second_call_at,
    )
    assert held.held_in_call == 2


def test_early_attendance_is_refused_with_a_message_on_the_page_and_in_the_api(world):
    assembly = convene(world)
    page = world.client_for(world.founder).post(
        reverse(
            "governance:assembly_attendance",
            kwargs={"mf": world.multifactory.slug, "pk": assembly.pk},
        ),
        {"present": [world.company.pk]},
        follow=True,
    )
    assert "record who came once it has begun" in page.text
    answer = ApiClient(world.founder).post(
        f"{MF}/assemblies/{assembly.pk}/attendance", {"present": ["atelier-uno"]}
    )
    assert answer.status_code == 422
    assert "record who came once it has begun" in str(answer.json())


def test_an_assembly_vote_refuses_an_absent_company_without_a_proxy(world, third):
    proposal = open_proposal(world, in_assembly=True, closes_at=None)
    assembly = hold_assembly(world, proposal, present=[world.company])
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            by=world.founder,
            proposal=proposal,
            organization=world.neighbour,
            choice={"vote": "yes"},
        )
    assert error.value.messages == [
        str(
            services.ASSEMBLY_VOTER_ABSENT
            % {"company": world.neighbour, "assembly": assembly}
        )
    ]
    services.ballot_cast(
        by=world.founder,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    assert proposal.ballots.count() == 1


def test_an_assembly_vote_accepts_a_company_represented_by_a_proxy(world, third):
    proposal = open_proposal(world, in_assembly=True, closes_at=None)
    assembly = convene(world)
    services.agenda_item_add(
        by=world.founder, assembly=assembly, title="", proposal=proposal
    )
    company, person = third
    services.proxy_give(
        by=person, assembly=assembly, giver=company, holder=world.company
    )
    services.attendance_record(
        by=world.founder, assembly=begin(assembly), present=[world.company]
    )
    services.ballot_cast(
        by=world.founder, proposal=proposal, organization=company, choice={"vote": "no"}
    )
    assert proposal.ballots.get().organization == company


def test_an_assembly_vote_waits_for_the_attendance(world):
    proposal = open_proposal(world, in_assembly=True, closes_at=None)
    assembly = convene(world)
    services.agenda_item_add(
        by=world.founder, assembly=assembly, title="", proposal=proposal
    )
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            by=world.founder,
            proposal=proposal,
            organization=world.company,
            choice={"vote": "yes"},
        )
    assert error.value.messages == [str(services.ASSEMBLY_VOTE_NOT_HELD)]


@pytest.mark.parametrize("status", ["former", "applicant"])
def test_a_company_that_is_not_a_member_cannot_give_a_proxy(world, third, status):
    assembly = convene(world)
    company, person = third
    set_status(company, status)
    with pytest.raises(ValidationError) as error:
        services.proxy_give(
            by=person, assembly=assembly, giver=company, holder=world.company
        )
    assert error.value.message_dict["giver"] == [
        str(services.PROXY_GIVER_NOT_MEMBER % {"company": company})
    ]


def test_a_former_companys_proxy_frees_the_holders_slot_and_does_not_count(
    world, third
):
    """The proxy limit is 1 here: once the giver became former, its proxy neither
    uses the holder's slot nor makes it represented at the assembly."""
    from multifactory.governance import rules

    assembly = convene(world)
    company, person = third
    services.proxy_give(
        by=person, assembly=assembly, giver=company, holder=world.company
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rules, "value", lambda multifactory, key: 1)
        with pytest.raises(ValidationError):
            services.proxy_give(
                by=world.founder,
                assembly=assembly,
                giver=world.neighbour,
                holder=world.company,
            )
        set_status(company, "former")
        services.proxy_give(
            by=world.founder,
            assembly=assembly,
            giver=world.neighbour,
            holder=world.company,
        )
    held = services.attendance_record(
        by=world.founder, assembly=begin(assembly), present=[world.company]
    )
    statuses = dict(
        Attendance.objects.filter(assembly=held).values_list(
            "organization__name", "status"
        )
    )
    assert statuses == {"Atelier Uno": "present", "Studio Due": "represented"}
    assert not Notification.objects.filter(
        person=person, kind="governance_proxy_used"
    ).exists()
    body = ApiClient(world.owner).get(f"{MF}/assemblies/{assembly.pk}").json()
    assert [proxy["giver"] for proxy in body["proxies"]] == ["studio-due"]


def test_a_former_company_ticked_present_does_not_count_for_quorum(world, third):
    company, _person = third
    set_status(company, "former")
    assembly = begin(convene(world, first_call_quorum=50))
    held = services.attendance_record(
        by=world.founder, assembly=assembly, present=[company, world.company]
    )
    # Two member companies, one present: 50 %, exactly the quorum.
    assert held.members_at_start == 2
    assert held.quorum_met is True
    assert not Attendance.objects.filter(organization=company).exists()
    assert Assembly.objects.get(pk=assembly.pk).state == AssemblyState.HELD


def test_the_page_offers_the_attendance_form_only_once_the_assembly_has_begun(world):
    assembly = convene(world)
    address = reverse(
        "governance:assembly",
        kwargs={"mf": world.multifactory.slug, "pk": assembly.pk},
    )
    client = world.client_for(world.founder)
    before = client.get(address).text
    assert 'id="attendance-form"' not in before
    assert "Attendance can be recorded once the assembly has begun." in before
    begin(assembly)
    assert 'id="attendance-form"' in client.get(address).text
