"""community.access: one rule for who can read the community, and the membership a
person may change. Owner, member, outsider and founder, each tried."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from conftest import make_company
from multifactory.community import access, services


@pytest.fixture
def founded(world):
    """A multifactory whose founder (the world's outsider) belongs to no company."""
    place = services.multifactory_create(
        by=world.outsider, name="New Place", slug="new-place"
    )
    company = make_company(by=world.outsider, multifactory=place, name="First One")
    services.membership_add(by=world.outsider, organization=company, person=world.other)
    return place


def test_a_founder_without_a_company_is_a_member_of_the_community(world, founded):
    assert access.is_member_of(world.outsider, founded)


@pytest.mark.parametrize("who", ["member", "owner", None])
def test_others_cannot_read_a_community_they_do_not_belong_to(world, founded, who):
    assert not access.is_member_of(getattr(world, who) if who else None, founded)


def test_the_founder_sees_both_the_people_list_and_a_person(world, founded):
    client = world.client_for(world.outsider)

    people = client.get(reverse("community:people", kwargs={"mf": founded.slug}))
    person = client.get(
        reverse(
            "community:person", kwargs={"mf": founded.slug, "person_id": world.other.pk}
        )
    )

    assert people.status_code == 200
    assert person.status_code == 200
    assert access.person_get_for_member(world.outsider, founded, world.other.pk)


def membership_of(world, person):
    return world.company.memberships.get(person=person)


def test_the_representative_gets_a_membership_to_change(world):
    membership = membership_of(world, world.member)

    found = access.membership_get_for_writer(
        world.owner, world.multifactory, membership.pk
    )

    assert found == membership


def test_a_founder_gets_a_membership_to_change(world):
    membership = membership_of(world, world.member)

    assert access.membership_get_for_writer(
        world.founder, world.multifactory, membership.pk
    )


def test_a_member_may_not_change_a_colleague(world):
    with pytest.raises(PermissionDenied):
        access.membership_get_for_writer(
            world.member, world.multifactory, membership_of(world, world.owner).pk
        )


def test_a_member_may_end_their_own_membership_only_when_leaving(world):
    own = membership_of(world, world.member)

    assert access.membership_get_for_writer(
        world.member, world.multifactory, own.pk, leaving=True
    )
    with pytest.raises(PermissionDenied):
        access.membership_get_for_writer(world.member, world.multifactory, own.pk)


def test_a_membership_of_another_multifactory_is_not_found(world):
    far = world.other_company.memberships.get()

    with pytest.raises(Http404):
        access.membership_get_for_writer(world.other, world.multifactory, far.pk)


def test_a_membership_of_another_company_is_not_found_through_this_one(world):
    with pytest.raises(Http404):
        access.membership_get_for_writer(
            world.owner,
            world.multifactory,
            membership_of(world, world.member).pk,
            organization=world.neighbour,
        )
