import pytest
from django.core import mail
from django.urls import reverse

from multifactory.community import services
from multifactory.community.models import Invitation, Membership, Role
from multifactory.community.services import ALREADY_MEMBER, LAST_REPRESENTATIVE


def url(world, name, org=None, **kwargs):
    return reverse(
        f"community:{name}",
        kwargs={"mf": world.multifactory.slug, "org": org or world.company.slug}
        | kwargs,
    )


def membership_of(world, person):
    return Membership.objects.get(person=person, organization=world.company)


def test_the_representative_invites_by_email(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.owner).post(
            url(world, "invitation_create"),
            {"email": "New@Example.org", "role": "member"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new@example.org"
    assert len(mail.outbox) == 1 and "/invitation/" in mail.outbox[0].body
    pending = world.client_for(world.owner).get(url(world, "organization"))
    assert b"new@example.org" in pending.content


def test_inviting_someone_already_in_the_company_is_refused_on_the_field(world):
    response = world.client_for(world.owner).post(
        url(world, "invitation_create"), {"email": world.member.email, "role": "member"}
    )
    assert response.status_code == 400
    assert str(ALREADY_MEMBER) in response.context["invitation_form"].errors["email"]


def test_a_bad_email_is_refused_on_the_field(world):
    response = world.client_for(world.owner).post(
        url(world, "invitation_create"), {"email": "not an address", "role": "member"}
    )
    assert response.status_code == 400
    assert "email" in response.context["invitation_form"].errors


@pytest.mark.parametrize("who", ["member", "outsider", "other"])
def test_nobody_else_invites(world, who):
    response = world.client_for(getattr(world, who)).post(
        url(world, "invitation_create"), {"email": "x@example.org", "role": "member"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_the_representative_withdraws_a_pending_invitation(world):
    invitation, _token = services.invitation_create(
        by=world.owner, organization=world.company, email="late@example.org"
    )
    response = world.client_for(world.owner).post(
        url(world, "invitation_revoke", pk=invitation.pk)
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_an_invitation_cannot_be_withdrawn_through_another_company(world):
    invitation, _token = services.invitation_create(
        by=world.founder, organization=world.neighbour, email="late@example.org"
    )
    response = world.client_for(world.owner).post(
        url(world, "invitation_revoke", pk=invitation.pk)
    )
    assert response.status_code in {403, 404}
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_the_representative_changes_a_role(world):
    membership = membership_of(world, world.member)
    response = world.client_for(world.owner).post(
        url(world, "membership_role", pk=membership.pk), {"role": "representative"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.REPRESENTATIVE


def test_the_last_representative_cannot_step_down(world):
    membership = membership_of(world, world.owner)
    response = world.client_for(world.owner).post(
        url(world, "membership_role", pk=membership.pk), {"role": "member"}
    )
    assert response.status_code == 400
    assert str(LAST_REPRESENTATIVE) in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.REPRESENTATIVE


def test_an_unknown_role_is_refused_with_a_message(world):
    membership = membership_of(world, world.member)
    response = world.client_for(world.owner).post(
        url(world, "membership_role", pk=membership.pk), {"role": "emperor"}
    )
    assert response.status_code == 400
    assert b'id="action-error"' in response.content


@pytest.mark.parametrize("who", ["member", "outsider", "other"])
def test_nobody_else_changes_roles(world, who):
    membership = membership_of(world, world.member)
    response = world.client_for(getattr(world, who)).post(
        url(world, "membership_role", pk=membership.pk), {"role": "representative"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_a_membership_of_another_company_is_not_reachable_here(world):
    foreign = Membership.objects.get(person=world.founder, organization=world.neighbour)
    response = world.client_for(world.owner).post(
        url(world, "membership_role", pk=foreign.pk), {"role": "member"}
    )
    assert response.status_code == 404


def test_the_representative_removes_a_person(world):
    membership = membership_of(world, world.member)
    response = world.client_for(world.owner).post(
        url(world, "membership_remove", pk=membership.pk)
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_leaves_the_company_themselves(world):
    membership = membership_of(world, world.member)
    response = world.client_for(world.member).post(
        url(world, "membership_remove", pk=membership.pk)
    )
    assert response.status_code == 302
    assert response.url == world.multifactory.get_absolute_url()
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_cannot_remove_a_colleague(world):
    membership = membership_of(world, world.owner)
    response = world.client_for(world.member).post(
        url(world, "membership_remove", pk=membership.pk)
    )
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_representative_cannot_leave(world):
    membership = membership_of(world, world.owner)
    response = world.client_for(world.owner).post(
        url(world, "membership_remove", pk=membership.pk)
    )
    assert response.status_code == 400
    assert str(LAST_REPRESENTATIVE) in response.content.decode()
