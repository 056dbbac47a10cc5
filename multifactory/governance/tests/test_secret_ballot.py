"""Secret ballots stay secret (issue 7, finding 2).

Each test replays one way the secret leaked on the old main and shows it is closed:
(a) polling pages and API after each ballot recovered who voted and how;
(b) after the close, the audit rows (company, exact time, order of each ballot) lined
    up with the ballot history's receipts in the same order;
(c) receipts were an HMAC of proposal and company under SECRET_KEY (public default), so
    anyone with the key could name the company behind a published receipt.
"""

import hashlib
import hmac

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_company, make_person
from multifactory.api.testing import ApiClient
from multifactory.audit.models import AuditEvent
from multifactory.community import services as community
from multifactory.community.models import Role
from multifactory.governance import receipts, selectors, services
from multifactory.governance.models import Ballot, BallotRevision, SecretChoice
from multifactory.governance.tests.conftest import open_proposal
from multifactory.notifications.models import Notification

MF = "/api/v1/m/r84-test"
DEFAULT_KEY = "insecure-development-key-change-me-in-production"


@pytest.fixture
def voters(world):
    """Five companies in the electorate, each with its representative, in the order
    they will vote: Atelier Uno (owner), Studio Due (founder) and three more."""
    rows = [(world.company, world.owner), (world.neighbour, world.founder)]
    for i, name in enumerate(["Ceramiche Tre", "Legno Quattro", "Vetro Cinque"]):
        company = make_company(
            by=world.founder, multifactory=world.multifactory, name=name
        )
        person = make_person(f"voter{i}@example.org", f"Voter {name}")
        community.membership_add(
            by=world.founder,
            organization=company,
            person=person,
            role=Role.REPRESENTATIVE,
        )
        rows.append((company, person))
    return rows


VOTES = ["yes", "no", "no", "abstain", "yes"]


def cast_all(proposal, voters) -> list[str]:
    """The companies vote in turn (VOTES); returns the receipts handed out."""
    handed = []
    for (company, person), vote in zip(voters, VOTES[: len(voters)], strict=True):
        ballot = services.ballot_cast(
            by=person, proposal=proposal, organization=company, choice={"vote": vote}
        )
        handed.append(ballot.receipt)
    return handed


def url(world, name, **kwargs):
    return reverse(
        f"governance:{name}", kwargs={"mf": world.multifactory.slug, **kwargs}
    )


def test_polling_after_each_ballot_shows_no_count_and_no_voter_while_open(
    world, voters
):
    """(a) A plain member polls the API, the proposal page, the list, the audit trail
    and its notifications after each ballot: nothing changes until the close."""
    proposal = open_proposal(world, secret_ballot=True)
    api, page = ApiClient(world.member), world.client_for(world.member)
    detail = f"{MF}/proposals/{proposal.pk}"

    def poll():
        body = api.get(detail).json()
        audit = api.get(f"{MF}/audit").json()
        listed = page.get(url(world, "proposals")).text
        shown = page.get(url(world, "proposal", pk=proposal.pk)).text
        return (
            body["results"],
            body["participation"],
            audit["count"],
            listed.count("secret"),
            shown[shown.index('id="results"') :].split("</section>")[0],
            shown[shown.index('id="participation"') :].split("</ul>")[0],
            Notification.objects.filter(person=world.member).count(),
        )

    before = poll()
    assert before[0] is None
    assert {row["voted"] for row in before[1]} == {None}
    for (company, person), vote in zip(voters, VOTES, strict=True):
        services.ballot_cast(
            by=person, proposal=proposal, organization=company, choice={"vote": vote}
        )
        assert poll() == before
    services.proposal_close(by=world.founder, proposal=proposal)
    after = api.get(detail).json()
    assert after["results"]["counts"]["yes"] == 2
    assert {row["voted"] for row in after["participation"]} == {True}


def test_a_company_sees_that_it_has_voted_itself_and_nothing_of_the_others(
    world, voters
):
    proposal = open_proposal(world, secret_ballot=True)
    cast_all(proposal, voters[:2])
    body = ApiClient(world.owner).get(f"{MF}/proposals/{proposal.pk}").json()
    voted = {row["organization"]: row["voted"] for row in body["participation"]}
    assert voted["atelier-uno"] is True
    assert voted["studio-due"] is None
    page = world.client_for(world.owner).get(url(world, "proposal", pk=proposal.pk))
    assert "Your company has voted" in page.text
    assert "Studio Due: secret until the close" in page.text


def test_after_the_close_no_audit_row_or_order_lines_up_with_the_receipts(
    world, voters
):
    """(b) The old attack: read the audit trail (company, time, order of each ballot)
    and the ballot history in the same order. No ballot leaves a row that names its
    company, no history is kept, and the published list is sorted by receipt hash
    with the rows rewritten at the close."""
    proposal = open_proposal(world, secret_ballot=True)
    cast_all(proposal, voters)
    # Voting again changes nothing an observer can use either.
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    ids_while_open = set(SecretChoice.objects.values_list("id", flat=True))
    services.proposal_close(by=world.founder, proposal=proposal)
    proposal.refresh_from_db()

    ballot_events = AuditEvent.objects.filter(action__startswith="ballot.")
    assert not ballot_events.filter(organization__isnull=False).exists()
    assert not ballot_events.filter(actor__isnull=False).exists()
    sealed = ballot_events.get()
    assert (sealed.action, sealed.changes) == (
        "ballot.secret_choices_sealed",
        {"ballots": 5},
    )
    assert not BallotRevision.objects.filter(proposal=proposal).exists()
    published = list(selectors.secret_receipts(proposal))
    assert [row.receipt_hash for row in published] == sorted(
        row.receipt_hash for row in published
    )
    assert {row.seal for row in published} == {""}
    assert not ids_while_open & {row.id for row in published}
    body = ApiClient(world.member).get(f"{MF}/proposals/{proposal.pk}").json()
    assert [row["receipt_hash"] for row in body["receipts"]] == [
        row.receipt_hash for row in published
    ]
    assert "Ballot history" not in (
        world.client_for(world.member).get(url(world, "proposal", pk=proposal.pk)).text
    )


def test_a_receipt_is_given_once_and_only_its_hash_is_kept(world, voters):
    """(c) The receipt is random and only its voter holds it: the database keeps
    sha256("<proposal>:<receipt>"), and the old key-derived receipts of every company
    (computed with the public default key) match nothing that is published."""
    proposal = open_proposal(world, secret_ballot=True)
    handed = cast_all(proposal, voters)
    assert len(set(handed)) == 5
    stored = set(SecretChoice.objects.values_list("receipt_hash", flat=True))
    assert stored == {receipts.receipt_hash(proposal.pk, r) for r in handed}
    assert not stored & {receipts.receipt_normalize(r) for r in handed}
    services.proposal_close(by=world.founder, proposal=proposal)
    proposal.refresh_from_db()
    published = {row.receipt_hash for row in selectors.secret_receipts(proposal)}
    for key in (DEFAULT_KEY, "any-key"):
        for company, _person in voters:
            old = hmac.new(
                key.encode(),
                f"governance-ballot:{proposal.pk}:{company.pk}".encode(),
                hashlib.sha256,
            ).hexdigest()[:24]
            assert old not in published
            assert receipts.receipt_hash(proposal.pk, old) not in published


def test_each_voter_checks_its_receipt_after_the_close(world, voters):
    proposal = open_proposal(world, secret_ballot=True)
    handed = cast_all(proposal, voters)
    api = ApiClient(world.owner)
    check = f"{MF}/proposals/{proposal.pk}/receipt-check"
    # Before the close nothing is published, so no receipt is confirmed either.
    assert api.post(check, {"receipt": handed[1]}).json()["counted"] is False
    services.proposal_close(by=world.founder, proposal=proposal)
    for receipt, vote in zip(handed, VOTES, strict=True):
        answer = api.post(check, {"receipt": receipt.upper().replace("-", " ")})
        assert answer.json() == {"counted": True, "choice": {"vote": vote}}
    assert api.post(check, {"receipt": "0" * 20}).json() == {
        "counted": False,
        "choice": None,
    }
    page = world.client_for(world.member)
    found = page.post(
        url(world, "receipt_check", pk=proposal.pk),
        {"receipt": handed[0]},
        follow=True,
    )
    assert "This receipt is counted with the choice" in found.text
    # Anybody can recompute the published hash without the server.
    text = f"{proposal.pk}:{handed[0].replace('-', '')}"
    assert hashlib.sha256(text.encode()).hexdigest() in found.text


def test_the_receipt_is_shown_once_to_the_voter_on_the_page_and_in_the_api(world):
    proposal = open_proposal(world, secret_ballot=True)
    response = world.client_for(world.owner).post(
        url(world, "vote", pk=proposal.pk),
        {"organization": world.company.pk, "vote": "no"},
        follow=True,
    )
    assert "Your receipt:" in response.text
    again = world.client_for(world.owner).get(url(world, "proposal", pk=proposal.pk))
    assert "Your receipt:" not in again.text
    body = (
        ApiClient(world.founder)
        .post(
            f"{MF}/proposals/{proposal.pk}/ballots",
            {"organization": "studio-due", "choice": {"vote": "yes"}},
        )
        .json()
    )
    assert len(receipts.receipt_normalize(body["receipt"])) == 20
    public = open_proposal(world)
    body = (
        ApiClient(world.founder)
        .post(
            f"{MF}/proposals/{public.pk}/ballots",
            {"organization": "studio-due", "choice": {"vote": "yes"}},
        )
        .json()
    )
    assert body["receipt"] is None


def test_changing_a_secret_ballot_voids_its_receipt_counts_once_and_leaves_no_trace(
    world, second_rep
):
    proposal = open_proposal(world, secret_ballot=True)
    first = services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    ).receipt
    second = services.ballot_cast(
        by=second_rep,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "no"},
    ).receipt
    assert SecretChoice.objects.filter(proposal=proposal).count() == 1
    assert not BallotRevision.objects.filter(proposal=proposal).exists()
    assert Ballot.objects.get(proposal=proposal).revisions == 2
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    assert decision.figures["counts"]["no"] == 1
    assert decision.figures["counts"]["yes"] == 0
    proposal.refresh_from_db()
    assert selectors.receipt_lookup(proposal, first) is None
    assert selectors.receipt_lookup(proposal, second).choice == {"vote": "no"}


def test_a_secret_ballot_can_still_be_changed_after_the_key_is_rotated(world, settings):
    proposal = open_proposal(world, secret_ballot=True)
    vote = {"by": world.owner, "proposal": proposal, "organization": world.company}
    services.ballot_cast(**vote, choice={"vote": "yes"})
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    settings.SECRET_KEY_FALLBACKS = [old_key]
    services.ballot_cast(**vote, choice={"vote": "no"})
    assert list(SecretChoice.objects.values_list("choice", flat=True)) == [
        {"vote": "no"}
    ]


def test_it_refuses_to_change_a_secret_ballot_it_cannot_find_rather_than_count_twice(
    world, settings
):
    proposal = open_proposal(world, secret_ballot=True)
    vote = {"by": world.owner, "proposal": proposal, "organization": world.company}
    services.ballot_cast(**vote, choice={"vote": "yes"})
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(**vote, choice={"vote": "no"})
    assert error.value.messages == [str(services.SECRET_BALLOT_UNCHANGEABLE)]
    assert SecretChoice.objects.count() == 1


def test_a_withdrawn_secret_ballot_keeps_no_choice(world):
    proposal = open_proposal(world, secret_ballot=True)
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    services.proposal_withdraw(by=world.owner, proposal=proposal)
    assert not SecretChoice.objects.filter(proposal=proposal).exists()


def test_while_open_the_newest_choice_is_not_the_newest_row(world, voters):
    """A database dump taken during the vote: the ballots' rows follow the order of
    voting, the choices' rows must not (they are rewritten in random order at each
    ballot), so the last ballot cannot be paired with the last choice."""
    proposal = open_proposal(world, secret_ballot=True)
    newest_is_last, ids = [], set()
    for round_ in range(2):
        for company, person in voters:
            receipt = services.ballot_cast(
                by=person,
                proposal=proposal,
                organization=company,
                choice={"vote": "yes" if round_ else "no"},
            ).receipt
            rows = list(SecretChoice.objects.order_by("id"))
            assert not ids & {row.id for row in rows}  # every row written anew
            ids = {row.id for row in rows}
            if len(rows) > 1:
                newest = receipts.receipt_hash(proposal.pk, receipt)
                newest_is_last.append(rows[-1].receipt_hash == newest)
    # In a random order the newest row comes last every time with odds of 1/120 over
    # the first four ballots, times 1/5 for each of the five changes: 1 in 375,000.
    assert not all(newest_is_last)
    assert SecretChoice.objects.count() == 5
