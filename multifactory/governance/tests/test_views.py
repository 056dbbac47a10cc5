"""Pages of governance, for the owner, a member, an outsider and another tenant."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from multifactory.governance import services
from multifactory.governance.models import Ballot, Decision
from multifactory.governance.tests.conftest import hold_assembly, open_proposal


def url(world, name, **kwargs):
    return reverse(
        f"governance:{name}", kwargs={"mf": world.multifactory.slug, **kwargs}
    )


def test_members_see_the_proposals_and_outsiders_do_not(world):
    proposal = open_proposal(world)
    for person in [world.owner, world.member, world.founder]:
        response = world.client_for(person).get(url(world, "proposals"))
        assert response.status_code == 200
        assert proposal.title in response.text
        assert 'aria-current="page">Proposals and decisions</a>' in response.text
    assert (
        world.client_for(world.outsider).get(url(world, "proposals")).status_code == 403
    )
    assert world.client_for(world.other).get(url(world, "proposals")).status_code == 403
    response = world.client_for(None).get(url(world, "proposals"))
    assert response.status_code == 302


def test_a_representative_votes_on_the_page(world):
    proposal = open_proposal(world)
    client = world.client_for(world.owner)
    page = client.get(url(world, "proposal", pk=proposal.pk))
    assert 'id="vote-atelier-uno"' in page.text
    assert 'id="vote-studio-due"' not in page.text
    response = client.post(
        url(world, "vote", pk=proposal.pk),
        {"organization": world.company.pk, "vote": "yes"},
        follow=True,
    )
    assert "The vote of Atelier Uno is recorded." in response.text
    assert Ballot.objects.get().choice == {"vote": "yes"}


def test_a_plain_member_sees_no_vote_form_and_cannot_post_one(world):
    proposal = open_proposal(world)
    client = world.client_for(world.member)
    assert (
        'class="card vote-form"'
        not in client.get(url(world, "proposal", pk=proposal.pk)).text
    )
    response = client.post(
        url(world, "vote", pk=proposal.pk),
        {"organization": world.company.pk, "vote": "yes"},
    )
    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_a_block_without_reason_is_refused_on_the_page(world):
    proposal = open_proposal(world, method="consent")
    response = world.client_for(world.owner).post(
        url(world, "vote", pk=proposal.pk),
        {"organization": world.company.pk, "vote": "block", "reason": ""},
        follow=True,
    )
    assert "A block needs a reason" in response.text
    assert not Ballot.objects.exists()


def test_another_tenant_cannot_reach_a_proposal_through_its_own_address(world):
    proposal = open_proposal(world)
    response = world.client_for(world.other).get(
        reverse("governance:proposal", kwargs={"mf": "elsewhere", "pk": proposal.pk})
    )
    assert response.status_code == 404


def test_a_proposal_made_on_the_page_opens_and_closes_into_a_decision(world):
    client = world.client_for(world.founder)
    response = client.post(
        url(world, "proposal_create"),
        {
            "title": "Adopt a charter",
            "text": "Values",
            "method": "majority",
            "closes_at": "2099-01-01T10:00",
            "quorum_percent": 0,
            "threshold": "1/2",
            "threshold_base": "cast",
            "abstention_rule": "quorum_only",
            "open_now": "on",
            "effect-amend_charter-use": "on",
            "effect-amend_charter-text": "# Our charter\nWe make things.",
        },
    )
    assert response.status_code == 302, response.text
    proposal = world.multifactory.proposals.get()
    client.post(
        url(world, "vote", pk=proposal.pk),
        {"organization": world.neighbour.pk, "vote": "yes"},
    )
    response = client.post(url(world, "close", pk=proposal.pk), follow=True)
    decision = Decision.objects.get()
    assert decision.number in response.text
    charter = client.get(url(world, "charter"))
    assert "We make things." in charter.text
    rules_page = client.get(url(world, "rules"))
    assert "governance.proxy_limit" in rules_page.text
    register = client.get(url(world, "decisions"))
    assert decision.number in register.text


def test_the_charter_diff_shows_what_changed(world):
    for text in ["We make things.", "We make things.\nWe repair them too."]:
        proposal = open_proposal(
            world,
            quorum_percent=0,
            effects_=[{"kind": "amend_charter", "params": {"text": text}}],
        )
        services.ballot_cast(
            by=world.owner,
            proposal=proposal,
            organization=world.company,
            choice={"vote": "yes"},
        )
        services.proposal_close(by=world.founder, proposal=proposal)
    response = world.client_for(world.member).get(
        url(world, "charter") + "?old=1&new=2"
    )
    assert "+We repair them too." in response.text


def test_a_plain_member_cannot_close_early(world):
    proposal = open_proposal(world)
    response = world.client_for(world.member).post(url(world, "close", pk=proposal.pk))
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_the_pages_speak_italian_to_an_italian_member(world):
    world.member.language = "it"
    world.member.save(update_fields=["language"])
    proposal = open_proposal(world)
    response = world.client_for(world.member).get(
        url(world, "proposal", pk=proposal.pk)
    )
    assert "Aperta al voto" in response.text
    assert "Maggioranza semplice" in response.text


def test_a_proposal_made_on_the_page_can_revoke_an_earlier_decision(world):
    earlier = services.proposal_close(
        by=world.founder, proposal=open_proposal(world, quorum_percent=0)
    )
    client = world.client_for(world.founder)
    data = {
        "title": "Undo it",
        "method": "majority",
        "closes_at": "2099-01-01T10:00",
        "quorum_percent": 0,
        "threshold": "1/2",
        "threshold_base": "cast",
        "abstention_rule": "quorum_only",
    }
    bad = client.post(url(world, "proposal_create"), data | {"revokes": "1999/001"})
    assert "No decision has this number here." in bad.text
    client.post(url(world, "proposal_create"), data | {"revokes": earlier.number})
    assert world.multifactory.proposals.get(title="Undo it").revokes == earlier


def test_the_lists_cost_the_same_queries_for_many_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for(world.member)
    pages = [url(world, "proposals"), url(world, "decisions"), url(world, "assemblies")]

    def counts():
        found = []
        for address in pages:
            with CaptureQueriesContext(connection) as context:
                assert client.get(address).status_code == 200
            found.append(len(context.captured_queries))
        return found

    def add(n):
        for i in range(n):
            proposal = open_proposal(world, title=f"P{i}", quorum_percent=0)
            services.proposal_close(by=world.founder, proposal=proposal)
            services.assembly_convene(
                by=world.founder,
                multifactory=world.multifactory,
                title=f"A{i}",
                starts_at=timezone.now() + timedelta(days=10 + i),
            )

    add(1)
    counts()  # warm the caches of the first requests (content types, sessions)
    few = counts()
    add(4)
    assert counts() == few


def test_the_facilitator_records_votes_of_an_assembly_on_the_page(world):
    proposal = open_proposal(world, in_assembly=True, closes_at=None)
    hold_assembly(world, proposal, present=[world.company])
    owner_page = world.client_for(world.owner).get(
        url(world, "proposal", pk=proposal.pk)
    )
    assert 'class="card vote-form"' not in owner_page.text
    client = world.client_for(world.founder)
    page = client.get(url(world, "proposal", pk=proposal.pk))
    assert 'id="vote-atelier-uno"' in page.text and 'id="vote-studio-due"' in page.text
    client.post(
        url(world, "vote", pk=proposal.pk),
        {"organization": world.company.pk, "vote": "yes"},
    )
    assert proposal.ballots.get().organization == world.company
