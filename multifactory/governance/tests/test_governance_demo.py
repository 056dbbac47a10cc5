"""The governance demo: a year of decisions, an open proposal, and a clean reset."""

import pytest

from multifactory.community import demo
from multifactory.governance.models import (
    Assembly,
    CharterVersion,
    Decision,
    Proposal,
)


@pytest.fixture(autouse=True)
def no_task_worker(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }


def register() -> list:
    return list(
        Decision.objects.order_by("year", "sequence").values_list(
            "number", "title", "outcome", "winner"
        )
    )


def test_the_demo_builds_a_year_of_decisions_and_an_open_proposal(db):
    context = demo.load()
    decisions = Decision.objects.filter(multifactory=context.main)
    assert decisions.count() >= 10
    assert Proposal.objects.filter(multifactory=context.main, state="open").count() == 1
    versions = CharterVersion.objects.filter(multifactory=context.main)
    assert versions.count() == 2
    assert versions.get(version=2).decision.amends == versions.get(version=1).decision
    assemblies = Assembly.objects.filter(multifactory=context.main)
    assert assemblies.filter(state="held").count() == 2
    assert assemblies.filter(minutes_approved_at__isnull=False).count() == 1
    assert assemblies.get(state="convened").proxies.count() == 1
    call = context.main.open_calls.get()
    assert call.applications.filter(state="submitted").count() == 2
    first = register()
    demo.load(reset=True)
    assert register() == first
