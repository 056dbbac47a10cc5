"""Issue 7, finding 6: the community's invariants hold under concurrent writers.

- Two representatives demoting each other at the same moment left companies with no
  representative: every company keeps at least one.
- Twenty identical mandate grants at once created twenty active duplicates: one
  stands, the others are refused with a sentence, never the database's text.
"""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from conftest import make_company, make_person
from multifactory.community import services
from multifactory.community.models import Mandate, MandateKind, Membership, Role

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent transactions need PostgreSQL (SQLite serializes writers)",
    ),
]


def all_at_once(attempts) -> list[str]:
    """Run every attempt in its own thread, released together; their outcomes."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(attempt) -> None:
        try:
            barrier.wait()
            attempt()
            outcome = "done"
        except ValidationError as error:
            outcome = "refused: " + " ".join(error.messages)
        except PermissionDenied as error:
            outcome = f"forbidden: {error}"
        except Exception as error:  # noqa: BLE001 — the test reports any other failure
            outcome = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


COMPANIES = 10


def test_representatives_demoting_each_other_at_once_leave_one(world):
    pairs = []
    for n in range(COMPANIES):
        company = make_company(
            by=world.founder, multifactory=world.multifactory, name=f"Pair {n}"
        )
        first = make_person(f"first{n}@example.org", f"First {n}")
        second = make_person(f"second{n}@example.org", f"Second {n}")
        memberships = [
            services.membership_add(
                by=world.founder,
                organization=company,
                person=person,
                role=Role.REPRESENTATIVE,
            )
            for person in (first, second)
        ]
        pairs.append((company, first, second, memberships))

    attempts = []
    for _company, first, second, (of_first, of_second) in pairs:
        attempts.append(
            lambda by=first, m=of_second: services.membership_set_role(
                by=by, membership=m, role=Role.MEMBER
            )
        )
        attempts.append(
            lambda by=second, m=of_first: services.membership_set_role(
                by=by, membership=m, role=Role.MEMBER
            )
        )
    outcomes = all_at_once(attempts)

    assert not [o for o in outcomes if o.startswith("error")], outcomes
    for company, *_ in pairs:
        assert Membership.objects.filter(
            organization=company, role=Role.REPRESENTATIVE
        ).exists(), f"{company} was left with no representative: {outcomes}"
    # In each pair one demotion went through; the other found its author demoted.
    assert outcomes.count("done") == COMPANIES


def test_a_representative_leaving_while_demoting_the_other_leaves_one(world):
    company = make_company(by=world.founder, multifactory=world.multifactory, name="X")
    people = [make_person(f"rep{n}@example.org", f"Rep {n}") for n in range(2)]
    first, second = (
        services.membership_add(
            by=world.founder, organization=company, person=p, role=Role.REPRESENTATIVE
        )
        for p in people
    )
    all_at_once(
        [
            lambda: services.membership_remove(by=people[0], membership=first),
            lambda: services.membership_remove(by=people[1], membership=second),
        ]
    )
    assert Membership.objects.filter(
        organization=company, role=Role.REPRESENTATIVE
    ).exists()


GRANTS = 20


def test_twenty_identical_mandate_grants_at_once_leave_one(world):
    outcomes = all_at_once(
        [
            lambda: services.mandate_grant(
                by=world.founder,
                multifactory=world.multifactory,
                person=world.owner,
                kind=MandateKind.KEYS_KEEPER,
            )
        ]
        * GRANTS
    )

    assert outcomes.count("done") == 1, outcomes
    assert set(outcomes) == {
        "done",
        f"refused: {services.MANDATE_ALREADY_HELD}",
    }, outcomes
    assert (
        Mandate.objects.active()
        .filter(person=world.owner, kind=MandateKind.KEYS_KEEPER)
        .count()
        == 1
    )


def test_a_lost_race_on_the_constraint_reads_as_a_sentence(world, monkeypatch):
    """Even without the service's lock, the database refuses the duplicate and the
    person reads the rule, not the constraint's name."""
    monkeypatch.setattr(services, "_holds_overlapping", lambda mandate: False)
    full_clean = Mandate.full_clean
    monkeypatch.setattr(
        Mandate,
        "full_clean",
        lambda self, **kwargs: full_clean(self, validate_constraints=False),
    )
    outcomes = all_at_once(
        [
            lambda: services.mandate_grant(
                by=world.founder,
                multifactory=world.multifactory,
                person=world.owner,
                kind=MandateKind.TREASURER,
            )
        ]
        * 5
    )
    assert sorted(set(outcomes)) == [
        "done",
        f"refused: {services.MANDATE_ALREADY_HELD}",
    ], outcomes
    assert outcomes.count("done") == 1
