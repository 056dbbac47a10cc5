"""Admission through a decision: the contact is invited on the decision's authority,
and a private unit named in the proposal is assigned by the same decision."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from multifactory.audit.models import AuditEvent
from multifactory.community.models import Invitation, Organization
from multifactory.governance import effects, services
from multifactory.governance.tests.conftest import both_companies_vote_yes
from multifactory.governance.tests.test_open_call import propose_admission, submitted
from multifactory.notifications.models import Notification

pytest.importorskip("multifactory.place.services")
from multifactory.place import effects as place_effects  # noqa: E402
from multifactory.place import services as place  # noqa: E402
from multifactory.place.models import UnitAssignment  # noqa: E402


@pytest.fixture
def unit(world):
    return place.resource_create(
        by=world.founder,
        multifactory=world.multifactory,
        kind="unit",
        name="Workshop C",
        area_m2=60,
    )


def vote_and_close(world, proposal, closer):
    both_companies_vote_yes(world, proposal)
    return services.proposal_close(by=closer, proposal=proposal)


def test_a_plain_member_closing_the_admission_invites_on_the_decisions_authority(
    world, call
):
    application = submitted(call)
    proposal = propose_admission(world, application)
    # The proposer (a representative, no founder mandate) closes it.
    decision = vote_and_close(world, proposal, world.owner)
    organization = Organization.objects.get(name="Liuteria Sette")
    invitation = Invitation.objects.get(organization=organization)
    assert invitation.email == "lia@example.org"
    event = AuditEvent.objects.get(action="invitation.created", object_id=invitation.pk)
    assert event.decision_reference == decision.number
    assert event.actor == world.owner
    assert not AuditEvent.objects.filter(
        action="application.invitation_pending"
    ).exists()


def test_the_admission_assigns_the_unit_named_in_the_proposal(world, call, unit):
    application = submitted(call)
    assert unit in effects.free_units(world.multifactory)
    proposal = propose_admission(world, application, unit=unit)
    assert "Workshop C" in effects.describe(
        world.multifactory, "admit_application", proposal.effects.get().params
    )
    decision = vote_and_close(world, proposal, world.founder)
    assignment = UnitAssignment.objects.get(unit=unit)
    assert assignment.organization.name == "Liuteria Sette"
    assert assignment.starts_on == timezone.localdate()
    event = AuditEvent.objects.get(action="unit.assigned", object_id=assignment.pk)
    assert event.decision_reference == decision.number
    assert unit not in effects.free_units(world.multifactory)


def test_a_unit_taken_meanwhile_stops_the_admission(world, call, unit):
    application = submitted(call)
    proposal = propose_admission(world, application, unit=unit.pk)
    place.unit_assign(
        by=world.founder,
        unit=unit,
        organization=world.neighbour,
        starts_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as error:
        vote_and_close(world, proposal, world.founder)
    assert "no longer applies" in error.value.messages[0]
    assert not Organization.objects.filter(name="Liuteria Sette").exists()


def test_an_unknown_unit_is_refused_on_the_unit_field(world, call):
    application = submitted(call)
    with pytest.raises(ValidationError) as error:
        propose_admission(world, application, unit=999999)
    assert error.value.message_dict == {"unit": [str(place_effects.NO_SUCH_UNIT)]}


def test_the_application_page_offers_the_free_units(world, call, unit):
    application = submitted(call)
    client = world.client_for(world.owner)
    page = client.get(application.get_absolute_url())
    assert b'id="admission-unit"' in page.content and b"Workshop C" in page.content
    propose = reverse(
        "governance:application_propose",
        kwargs={"mf": world.multifactory.slug, "pk": application.pk},
    )
    client.post(propose, {"unit": unit.pk})
    proposal = application.__class__.objects.get(pk=application.pk).proposal
    assert proposal.effects.get().params == {
        "application": application.pk,
        "unit": unit.pk,
    }


def test_the_scheduler_closing_an_admission_still_invites_the_contact(
    world, call, django_capture_on_commit_callbacks
):
    application = submitted(call)
    proposal = propose_admission(world, application)
    both_companies_vote_yes(world, proposal)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.proposals_tick(now=timezone.now() + timedelta(days=8))
    assert done["closed"] == 1, Notification.objects.values_list("title", flat=True)
    invitation = Invitation.objects.get(organization__name="Liuteria Sette")
    # The decision is the authority; the invitation names the proposer.
    assert invitation.invited_by == world.owner
    event = AuditEvent.objects.get(action="invitation.created", object_id=invitation.pk)
    assert event.decision_reference == proposal.decision.number
    assert any("lia@example.org" in message.to for message in mail.outbox)
    assert str(world.owner) in next(
        m.subject for m in mail.outbox if "lia@example.org" in m.to
    )
