"""Benchmark of governance: a tally of 10,000 ballots and a register of 100,000 decisions.

    .venv/bin/python bench/governance_tally.py                 # SQLite (in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/governance_tally.py

Builds a throw-away test database, fills it in bulk (the set-up is not what is
measured), then prints the time and the number of queries of: counting a proposal
with 10,000 ballots (majority and instant runoff) and closing it into a decision; and
the decision register page and API list with 1,000 and with 100,000 decisions. It exits
with an error when a query count grows with the data.
"""

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multifactory.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)
from django.utils import timezone  # noqa: E402

BALLOTS = 10_000
DECISIONS = 100_000


def measure(label: str, call):
    with CaptureQueriesContext(connection) as context:
        start = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - start
    print(f"{label:<58} {elapsed * 1000:9.1f} ms {len(context):5d} queries")
    return result, len(context)


def build_world():
    from multifactory.community import services as community
    from multifactory.community.models import Membership, Organization, Person

    founder = Person.objects.create_user("founder@bench.example", "x", full_name="F")
    multifactory = community.multifactory_create(by=founder, name="Bench", slug="bench")
    today = timezone.localdate()
    organizations = Organization.objects.bulk_create(
        Organization(
            multifactory=multifactory,
            name=f"Company {i:05d}",
            slug=f"company-{i:05d}",
            kind="artisan",
            sector="C",
            stage="growing",
            status="member",
            joined_on=today,
        )
        for i in range(BALLOTS)
    )
    Membership.objects.create(
        multifactory=multifactory,
        organization=organizations[0],
        person=founder,
        role="representative",
    )
    return founder, multifactory, organizations


def bench_tally(founder, multifactory, organizations) -> None:
    from multifactory.governance import services
    from multifactory.governance.models import Ballot, Proposal

    rng = random.Random(2026)
    closes = timezone.now() + timedelta(days=7)
    for method, options, choose in [
        ("majority", [], lambda: {"vote": rng.choice(["yes", "yes", "no", "abstain"])}),
        (
            "irv",
            ["Kitchen", "Garden", "Roof", "Bikes", "Solar"],
            lambda: {
                "ranking": rng.sample(["1", "2", "3", "4", "5"], rng.randint(1, 5))
            },
        ),
    ]:
        proposal, _n = measure(
            f"open a {method} proposal (electorate {BALLOTS:,})",
            lambda method=method, options=options: services.proposal_create(
                by=founder,
                multifactory=multifactory,
                title=f"Bench {method}",
                method=method,
                options=options,
                closes_at=closes,
                quorum_percent=50,
                open_now=True,
            ),
        )
        now = timezone.now()
        Ballot.objects.bulk_create(
            Ballot(
                proposal=proposal,
                organization=organization,
                cast_by=founder,
                choice=choose(),
                cast_at=now,
            )
            for organization in organizations
        )
        from multifactory.governance import selectors, tally

        measure(
            f"tally {BALLOTS:,} {method} ballots (read + count)",
            lambda proposal=proposal: tally.tally(
                proposal.tally_rules(), selectors.ballot_choices(proposal)
            ),
        )
        decision, _n = measure(
            f"close the {method} proposal into a decision",
            lambda proposal=proposal: services.proposal_close(
                by=founder, proposal=Proposal.objects.get(pk=proposal.pk)
            ),
        )
        print(f"    → {decision.number} {decision.outcome} {decision.winner}")


def fill_register(multifactory, founder, upto: int) -> None:
    from multifactory.governance.models import Decision, Proposal

    have = Decision.objects.filter(multifactory=multifactory).count()
    now = timezone.now()
    batch = 5_000
    while have < upto:
        n = min(batch, upto - have)
        proposals = Proposal.objects.bulk_create(
            Proposal(
                multifactory=multifactory,
                title=f"Decision {have + i}",
                method="majority",
                state="closed",
                proposed_by=founder,
                closed_at=now,
            )
            for i in range(n)
        )
        Decision.objects.bulk_create(
            Decision(
                multifactory=multifactory,
                year=1900 + (have + i) // 1000,
                sequence=(have + i) % 1000 + 1,
                number=f"{1900 + (have + i) // 1000}/{(have + i) % 1000 + 1:03d}",
                proposal=proposal,
                title=proposal.title,
                method="majority",
                outcome="adopted",
                figures={},
                decided_at=now,
            )
            for i, proposal in enumerate(proposals)
        )
        have += n


def bench_register(founder, multifactory) -> bool:
    from multifactory.governance import selectors
    from multifactory.governance.models import Decision

    client = Client()
    client.force_login(founder)
    page = f"/m/{multifactory.slug}/governance/decisions/"
    api = f"/api/v1/m/{multifactory.slug}/decisions"
    counts = {}
    for size in (1_000, DECISIONS):
        fill_register(multifactory, founder, size)
        total = Decision.objects.filter(multifactory=multifactory).count()
        print(f"  register with {total:,} decisions")
        client.get(page)  # warm the caches of the first request
        _r, counts[(size, "page")] = measure(
            "    register page (first 50)", lambda: client.get(page)
        )
        _r, counts[(size, "deep")] = measure(
            "    register page 20", lambda: client.get(page + "?page=20")
        )
        _r, counts[(size, "api")] = measure(
            "    register API (first 20)", lambda: client.get(api)
        )
        _r, counts[(size, "year")] = measure(
            "    register of one year",
            lambda: list(
                selectors.decision_list(multifactory=multifactory, year=1900)[:50]
            ),
        )
    constant = all(
        counts[(1_000, kind)] == counts[(DECISIONS, kind)]
        for kind in ("page", "deep", "api", "year")
    )
    print("  query counts constant:", "yes" if constant else f"NO {counts}")
    return constant


def main() -> int:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }
    settings.DEBUG = False
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"governance benchmark on {connection.vendor} ({name})")
    try:
        founder, multifactory, organizations = build_world()
        bench_tally(founder, multifactory, organizations)
        return 0 if bench_register(founder, multifactory) else 1
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
