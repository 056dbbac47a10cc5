import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from multifactory.audit.models import AuditEvent
from multifactory.community import services
from multifactory.community.models import Mandate, MandateKind, Role


def test_it_gives_the_founder_a_founding_mandate(world):
    mandate = Mandate.objects.get(multifactory=world.multifactory, person=world.founder)
    assert mandate.kind == MandateKind.FOUNDER
    assert mandate.basis == "founding_act"
    assert AuditEvent.objects.filter(
        action="mandate.granted", object_id=str(mandate.pk)
    ).exists()


def test_it_refuses_a_duplicate_multifactory_slug(world):
    with pytest.raises(ValidationError) as error:
        services.multifactory_create(by=world.outsider, name="Again", slug="r84-test")
    assert "slug" in error.value.message_dict


def test_it_lets_a_representative_edit_the_profile_and_audits_before_after(world):
    services.organization_update_profile(
        by=world.owner, organization=world.company, produces="Hand-made dresses"
    )
    event = AuditEvent.objects.filter(action="organization.updated").latest("id")
    assert event.actor == world.owner
    assert event.organization == world.company
    assert event.changes == {"produces": ["", "Hand-made dresses"]}


def test_it_refuses_profile_edits_by_a_plain_member(world):
    with pytest.raises(PermissionDenied):
        services.organization_update_profile(
            by=world.member, organization=world.company, produces="x"
        )


def test_it_refuses_a_status_change_that_skips_the_lifecycle(world):
    services.organization_set_status(
        by=world.founder, organization=world.company, status="former"
    )
    with pytest.raises(ValidationError):
        services.organization_set_status(
            by=world.founder, organization=world.company, status="member"
        )


def test_it_keeps_the_last_representative(world):
    membership = world.company.memberships.get(person=world.owner)
    with pytest.raises(ValidationError):
        services.membership_set_role(
            by=world.owner, membership=membership, role=Role.MEMBER
        )


def test_founder_mandate_is_named_when_granting_a_mandate(world):
    mandate = services.mandate_grant(
        by=world.founder,
        multifactory=world.multifactory,
        person=world.member,
        kind=MandateKind.TREASURER,
    )
    event = AuditEvent.objects.filter(action="mandate.granted").latest("id")
    assert event.mandate.kind == MandateKind.FOUNDER
    assert world.member.notifications.filter(kind="mandate_granted").exists()
    assert mandate.is_active()


def test_it_refuses_a_mandate_for_a_person_outside_the_community(world):
    with pytest.raises(ValidationError):
        services.mandate_grant(
            by=world.founder,
            multifactory=world.multifactory,
            person=world.other,
            kind=MandateKind.TREASURER,
        )


def test_an_invitation_can_be_accepted_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            by=world.owner, organization=world.company, email="new@example.org"
        )
    assert len(mailoutbox) == 1 and token in mailoutbox[0].body
    membership = services.invitation_accept(
        token=token, full_name="New Person", password="a long passphrase 42"
    )
    assert membership.organization == world.company
    with pytest.raises(ValidationError):
        services.invitation_accept(
            token=token, full_name="Again", password="a long passphrase 42"
        )


def test_a_decision_number_is_no_authority_to_invite(world, mailoutbox):
    """Issue 7, finding 4: any non-empty `decision_reference` string used to skip
    the representative check."""
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            by=world.member, organization=world.company, email="new@example.org"
        )
    with pytest.raises(PermissionDenied, match="adopted decision"):
        services.invitation_create(
            by=world.member,
            organization=world.company,
            email="new@example.org",
            role=Role.REPRESENTATIVE,
            decision="2026/014",
        )
    assert not mailoutbox
