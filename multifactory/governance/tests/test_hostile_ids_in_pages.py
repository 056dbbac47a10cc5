"""Ids, years and versions typed into governance pages: what is not a number here
(letters, "²" and other Unicode digits, numbers beyond 64 bits) is not found or
ignored, never a server error (issue 7, finding 7)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from multifactory.governance import services
from multifactory.governance.models import Ballot
from multifactory.governance.tests.conftest import open_proposal

# "²" passes str.isdigit(); "٣" is a digit int() reads; the rest are plain garbage.
NOT_IDS = ["abc", "²", "٣", "-1", "1.5", "99999999999999999999999", " 1", ""]


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


@pytest.mark.parametrize("query", ["year", "old", "new"])
def test_years_and_versions_that_are_not_ascii_numbers_are_ignored(world, query):
    client = world.client_for(world.member)
    page = "decisions" if query == "year" else "charter"
    for value in [*NOT_IDS, "2²", "99999"]:
        response = client.get(url(world, page), {"old": "1", "new": "1", query: value})

        assert response.status_code == 200, value


def test_a_vote_for_a_company_that_is_not_an_id_is_not_found(world):
    proposal = open_proposal(world)
    client = world.client_for(world.owner)
    for value in NOT_IDS:
        response = client.post(
            url(world, "vote", pk=proposal.pk), {"organization": value, "vote": "yes"}
        )

        assert response.status_code == 404, value
    assert not Ballot.objects.exists()


def test_asking_for_an_assembly_for_a_company_that_is_not_an_id_is_not_found(world):
    client = world.client_for(world.owner)
    for value in NOT_IDS:
        response = client.post(
            url(world, "assembly_request"), {"organization": value, "reason": "x"}
        )

        assert response.status_code == 404, value


@pytest.mark.parametrize("field", ["giver", "holder"])
def test_a_proxy_between_companies_that_are_not_ids_is_not_found(world, field):
    assembly = convene(world)
    client = world.client_for(world.owner)
    for value in NOT_IDS:
        post = {"giver": world.company.pk, "holder": world.neighbour.pk, field: value}
        response = client.post(url(world, "assembly_proxy", pk=assembly.pk), post)

        assert response.status_code == 404, value


def test_attendance_with_a_company_that_is_not_an_id_is_not_found(world):
    assembly = convene(world)
    client = world.client_for(world.founder)
    for value in NOT_IDS:
        response = client.post(
            url(world, "assembly_attendance", pk=assembly.pk),
            {"present": [world.company.pk, value]},
        )

        assert response.status_code == 404, value


def test_approving_minutes_of_an_assembly_that_is_not_an_id_is_not_found(world):
    assembly = convene(world)
    client = world.client_for(world.founder)
    for value in [v for v in NOT_IDS if v]:
        response = client.post(
            url(world, "assembly_minutes", pk=assembly.pk), {"approve": value}
        )

        assert response.status_code == 404, value
