from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from multifactory.governance import services
from multifactory.governance.models import Proxy
from multifactory.governance.tests.conftest import begin


def url(world, name, **kwargs):
    return reverse(
        f"governance:{name}", kwargs={"mf": world.multifactory.slug, **kwargs}
    )


def convene(world):
    return services.assembly_convene(
        by=world.founder,
        multifactory=world.multifactory,
        title="Autumn assembly",
        starts_at=timezone.now() + timedelta(days=8),
        agenda=["Budget"],
    )


def test_members_see_assemblies_and_outsiders_do_not(world):
    assembly = convene(world)
    response = world.client_for(world.member).get(
        url(world, "assembly", pk=assembly.pk)
    )
    assert response.status_code == 200
    assert "Budget" in response.text
    assert 'id="attendance-form"' not in response.text
    assert (
        world.client_for(world.outsider).get(url(world, "assemblies")).status_code
        == 403
    )
    assert (
        world.client_for(world.other).get(url(world, "assemblies")).status_code == 403
    )


def test_a_plain_member_cannot_convene(world):
    assert (
        world.client_for(world.owner).get(url(world, "assembly_convene")).status_code
        == 403
    )


def test_a_facilitator_convenes_on_the_page(world):
    response = world.client_for(world.founder).post(
        url(world, "assembly_convene"),
        {
            "title": "Winter assembly",
            "starts_at": (timezone.now() + timedelta(days=9)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "first_call_quorum": 50,
            "second_call_quorum": 25,
            "agenda": "Budget\nNew members",
        },
    )
    assert response.status_code == 302, response.text
    assert world.multifactory.assemblies.get().agenda.count() == 2


def test_a_representative_gives_a_proxy_on_the_page(world):
    assembly = convene(world)
    client = world.client_for(world.owner)
    page = client.get(url(world, "assembly", pk=assembly.pk))
    assert 'id="proxy-atelier-uno"' in page.text
    response = client.post(
        url(world, "assembly_proxy", pk=assembly.pk),
        {"giver": world.company.pk, "holder": world.neighbour.pk},
        follow=True,
    )
    assert "Atelier Uno gave its proxy to Studio Due." in response.text
    assert Proxy.objects.get().holder == world.neighbour


def test_the_facilitator_records_attendance_and_minutes_on_the_page(world):
    assembly = begin(convene(world))
    client = world.client_for(world.founder)
    client.post(
        url(world, "assembly_attendance", pk=assembly.pk),
        {"present": [world.company.pk, world.neighbour.pk], "call": "1"},
    )
    client.post(url(world, "assembly_minutes", pk=assembly.pk), {"minutes": "We met."})
    response = client.get(url(world, "assembly", pk=assembly.pk))
    assert "We met." in response.text
    assert "Present" in response.text


def test_a_representative_asks_for_an_assembly_and_then_may_convene(world):
    client = world.client_for(world.owner)
    assert 'id="convene-assembly"' not in client.get(url(world, "assemblies")).text
    client.post(
        url(world, "assembly_request"),
        {"organization": world.company.pk, "reason": "Heating costs"},
    )
    page = client.get(url(world, "assemblies"))
    # 2 member companies × 20 % → one request is enough.
    assert 'id="convene-assembly"' in page.text
    assert client.get(url(world, "assembly_convene")).status_code == 200
    assert (
        world.client_for(world.member)
        .post(
            url(world, "assembly_request"),
            {"organization": world.company.pk, "reason": "x"},
        )
        .status_code
        == 403
    )
