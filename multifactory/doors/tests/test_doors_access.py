"""One access function per object of doors and keys (issue 8, item 4): it finds the
object among the multifactory's for a member, else 404 (another multifactory's id) or
403 (a person of no company here)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from multifactory.doors import access, services


@pytest.fixture
def things(world, place):
    door = services.door_create(
        by=world.founder, multifactory=world.multifactory, name="Gate"
    )
    key = services.key_create(
        by=world.founder,
        multifactory=world.multifactory,
        kind="key",
        label="K",
        code="K-9",
    )
    policy = services.access_policy_create(
        by=world.founder, multifactory=world.multifactory, name="All day", door=door
    )
    controller, _token = services.door_controller_create(
        by=world.founder, multifactory=world.multifactory, name="Box", doors=[door]
    )
    return {
        access.door_get_for_member: (door, door.slug),
        access.key_get_for_member: (key, key.pk),
        access.policy_get_for_member: (policy, policy.pk),
        access.controller_get_for_member: (controller, controller.pk),
    }


def test_a_member_gets_each_object_of_the_multifactory(world, things):
    for get, (thing, ref) in things.items():
        assert get(world.owner, world.multifactory, ref) == thing


def test_another_multifactorys_member_finds_nothing(world, things):
    for get, (_thing, ref) in things.items():
        with pytest.raises((Http404, PermissionDenied)):
            get(world.other, world.multifactory, ref)
        with pytest.raises(Http404):
            get(world.other, world.other_multifactory, ref)


def test_a_person_of_no_company_here_is_refused(world, things):
    for get, (_thing, ref) in things.items():
        with pytest.raises(PermissionDenied):
            get(world.outsider, world.multifactory, ref)
