from datetime import timedelta

from django.utils import timezone, translation

from multifactory.community import selectors, services
from multifactory.community.models import Invitation, OrganizationStatus, Role


def test_pending_invitations_leave_out_withdrawn_and_expired_ones(world):
    pending, _token = services.invitation_create(
        by=world.owner, organization=world.company, email="new@example.org"
    )
    withdrawn, _token = services.invitation_create(
        by=world.owner, organization=world.company, email="gone@example.org"
    )
    services.invitation_revoke(by=world.owner, invitation=withdrawn)
    expired, _token = services.invitation_create(
        by=world.owner, organization=world.company, email="late@example.org"
    )
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    services.invitation_create(
        by=world.founder, organization=world.neighbour, email="elsewhere@example.org"
    )

    found = list(selectors.invitation_list_pending(organization=world.company))

    assert found == [pending]


def test_public_multifactories_are_listed_by_name(world):
    world.other_multifactory.is_public = False
    world.other_multifactory.save(update_fields=["is_public"])

    assert list(selectors.multifactory_list_public()) == [world.multifactory]


def test_member_reads_naturally_in_italian_for_a_company_and_for_a_person():
    with translation.override("it"):
        assert str(OrganizationStatus.MEMBER.label) == "Associata"
        assert str(OrganizationStatus.FORMER.label) == "Ex associata"
        assert str(Role.MEMBER.label) == "Membro"
    assert str(OrganizationStatus.MEMBER.label) == "Member"
    assert str(Role.MEMBER.label) == "Member"
