"""Two representatives of one company vote at the same moment: one ballot stands."""

import threading

import pytest
from django.db import connection, connections

from multifactory.governance import services
from multifactory.governance.models import Ballot, BallotRevision, SecretChoice
from multifactory.governance.tests.conftest import open_proposal

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent transactions need PostgreSQL (SQLite serializes writers)",
    ),
]


def test_two_representatives_voting_at_once_leave_one_ballot(world, second_rep):
    proposal = open_proposal(world)
    barrier = threading.Barrier(2)
    errors = []

    def cast(person, vote):
        try:
            barrier.wait()
            services.ballot_cast(
                by=person,
                proposal=proposal,
                organization=world.company,
                choice={"vote": vote},
            )
        except Exception as error:  # noqa: BLE001 – reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    for _ in range(5):
        threads = [
            threading.Thread(target=cast, args=(world.owner, "yes")),
            threading.Thread(target=cast, args=(second_rep, "no")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    ballot = Ballot.objects.get(proposal=proposal, organization=world.company)
    history = list(BallotRevision.objects.filter(proposal=proposal).order_by("id"))
    assert len(history) == 10
    # The last committed ballot stands; the history keeps every one of them.
    assert ballot.revisions == 10
    assert ballot.choice == history[-1].choice
    assert ballot.cast_by_id == history[-1].cast_by_id


def test_two_representatives_changing_a_secret_ballot_at_once_count_it_once(
    world, second_rep
):
    """A secret ballot keeps no history, so nothing but its one standing choice
    (and the seal that finds it until the close) may be left by a race."""
    proposal = open_proposal(world, secret_ballot=True)
    barrier = threading.Barrier(2)
    errors, handed = [], []

    def cast(person, vote):
        try:
            barrier.wait()
            ballot = services.ballot_cast(
                by=person,
                proposal=proposal,
                organization=world.company,
                choice={"vote": vote},
            )
            handed.append(ballot.receipt)
        except Exception as error:  # noqa: BLE001 – reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    for _ in range(5):
        threads = [
            threading.Thread(target=cast, args=(world.owner, "yes")),
            threading.Thread(target=cast, args=(second_rep, "no")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(set(handed)) == 10
    assert SecretChoice.objects.filter(proposal=proposal).count() == 1
    assert Ballot.objects.get(proposal=proposal).revisions == 10
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    assert decision.figures["ballots"] == 1
