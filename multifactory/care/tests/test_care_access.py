"""One access function per object of the care of the place (issue 8, item 4): it finds
the object among the multifactory's for a member, else 404 or 403."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from multifactory.care import access, services


@pytest.fixture
def things(world, place):
    incident = services.incident_report(
        by=world.owner, multifactory=world.multifactory, title="Lamp"
    )
    task = services.maintenance_task_create(
        by=world.founder,
        multifactory=world.multifactory,
        title="Fix the lamp",
        assigned_organization=world.company,
    )
    rota = services.chore_rota_create(
        by=world.founder,
        multifactory=world.multifactory,
        name="Bins",
        companies=[world.company],
        starts_on=datetime.date(2026, 1, 5),
    )
    return {
        access.incident_get_for_member: (incident, incident.pk),
        access.task_get_for_member: (task, task.pk),
        access.rota_get_for_member: (rota, rota.pk),
    }


def test_a_member_gets_each_object_of_the_multifactory(world, things):
    for get, (thing, ref) in things.items():
        assert get(world.owner, world.multifactory, ref) == thing


def test_another_multifactorys_member_finds_nothing(world, things):
    for get, (_thing, ref) in things.items():
        with pytest.raises(Http404):
            get(world.other, world.other_multifactory, ref)


def test_a_person_of_no_company_here_is_refused(world, things):
    for get, (_thing, ref) in things.items():
        with pytest.raises(PermissionDenied):
            get(world.outsider, world.multifactory, ref)
