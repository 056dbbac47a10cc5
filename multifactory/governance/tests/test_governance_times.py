"""Governance times are typed and shown in the multifactory's zone, with its name
(issue 7, finding 10); the proposal form shows the floors (finding 1)."""

from datetime import UTC, datetime

from django.urls import reverse

from multifactory.governance import services
from multifactory.governance.models import Assembly, Proposal

FORM = {
    "title": "Paint the kitchen",
    "method": "majority",
    "quorum_percent": 50,
    "threshold": "1/2",
    "threshold_base": "cast",
    "abstention_rule": "quorum_only",
}


def url(world, name, **kwargs):
    return reverse(
        f"governance:{name}", kwargs={"mf": world.multifactory.slug, **kwargs}
    )


def test_a_proposal_closing_at_18_in_rome_closes_at_17_utc_in_winter(world):
    assert world.multifactory.time_zone == "Europe/Rome"
    client = world.client_for(world.owner)
    response = client.post(
        url(world, "proposal_create"), FORM | {"closes_at": "2099-01-15T18:00"}
    )
    assert response.status_code == 302, response.text
    proposal = Proposal.objects.get()
    assert proposal.closes_at == datetime(2099, 1, 15, 17, 0, tzinfo=UTC)
    page = client.get(proposal.get_absolute_url())
    window = page.text.split('id="proposal-window">')[1].split("</dd>")[0]
    assert "18:00" in window
    assert "Europe/Rome" in window
    listing = client.get(url(world, "proposals"))
    assert "18:00" in listing.text and "Europe/Rome" in listing.text


def test_in_summer_18_in_rome_is_16_utc(world):
    client = world.client_for(world.owner)
    client.post(url(world, "proposal_create"), FORM | {"closes_at": "2099-07-15T18:00"})
    assert Proposal.objects.get().closes_at == datetime(2099, 7, 15, 16, tzinfo=UTC)


def test_the_form_says_which_zone_its_times_are_in_and_shows_the_floors(world):
    page = world.client_for(world.owner).get(url(world, "proposal_create"))
    assert "Time in Europe/Rome" in page.text
    floors = page.text.split('id="floors"')[1].split("</section>")[0]
    assert "Amending the charter" in floors
    assert "Granting or revoking a mandate" in floors
    assert "7 days" in floors and "2/3" in floors and "33 %" in floors


def test_a_refusal_by_a_floor_shows_on_the_field_and_keeps_the_input(world):
    response = world.client_for(world.owner).post(
        url(world, "proposal_create"),
        FORM
        | {
            "title": "Keys for me",
            "quorum_percent": 0,
            "closes_at": "2099-01-15T18:00",
            "open_now": "on",
            "effect-grant_mandate-use": "on",
            "effect-grant_mandate-kind": "keys_keeper",
            "effect-grant_mandate-person": world.owner.pk,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert (
        "Minimum quorum to grant or revoke a mandate"
        in form.errors["quorum_percent"][0]
    )
    assert "Minimum notice" in form.errors["open_now"][0]
    assert 'value="Keys for me"' in response.text
    assert not Proposal.objects.exists()


def test_a_time_in_a_daylight_saving_gap_is_a_form_error(world):
    response = world.client_for(world.owner).post(
        url(world, "proposal_create"), FORM | {"closes_at": "2099-03-29T02:30"}
    )
    assert response.status_code == 200
    assert "closes_at" in response.context["form"].errors


def test_a_year_out_of_range_is_a_form_error(world):
    response = world.client_for(world.owner).post(
        url(world, "proposal_create"), FORM | {"closes_at": "9999-12-31T23:59"}
    )
    assert response.status_code == 200
    assert "between the years" in response.context["form"].errors["closes_at"][0]


def test_an_assembly_is_convened_and_shown_in_the_multifactorys_zone(world):
    client = world.client_for(world.founder)
    response = client.post(
        url(world, "assembly_convene"),
        {
            "title": "Winter assembly",
            "starts_at": "2099-01-15T18:00",
            "first_call_quorum": 50,
            "second_call_quorum": 25,
        },
    )
    assert response.status_code == 302, response.text
    assembly = Assembly.objects.get()
    assert assembly.starts_at == datetime(2099, 1, 15, 17, tzinfo=UTC)
    page = client.get(assembly.get_absolute_url())
    assert "18:00 (Europe/Rome)" in page.text


def test_a_decision_shows_when_it_was_taken_in_the_zone(world):
    from multifactory.governance.tests.conftest import open_proposal

    proposal = open_proposal(world, quorum_percent=0)
    decision = services.proposal_close(
        by=world.founder,
        proposal=proposal,
        now=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
    )
    # 23:30 UTC on 31 December is 00:30 on 1 January 2027 in Rome.
    assert decision.number.startswith("2027/")
    page = world.client_for(world.member).get(decision.get_absolute_url())
    assert "00:30 (Europe/Rome)" in page.text
