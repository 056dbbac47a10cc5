"""The demo: it runs, builds the same community every time, never twice, and leaves
a real audit trail."""

import re
import types
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from multifactory.audit.models import AuditEvent
from multifactory.community import demo
from multifactory.community.demo_context import DEMO_PASSWORD, DemoContext
from multifactory.community.models import (
    Invitation,
    Mandate,
    MandateKind,
    Membership,
    Multifactory,
    Organization,
    OrganizationStatus,
    Person,
    Role,
)


@pytest.fixture(autouse=True)
def no_task_worker(settings):
    # The demo queues e-mails; here they only need to be accepted, not sent.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }


@pytest.fixture
def community_only(monkeypatch):
    """The community part of the demo alone: what these tests are about, and fast.
    The whole demo, every capability included, is built by the first tests below."""
    monkeypatch.setattr(demo, "demo_modules", lambda: [])


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def signature() -> dict:
    """What a person of the demo would see, without ids or timestamps."""
    return {
        "people": sorted(Person.objects.values_list("email", "full_name", "language")),
        "companies": sorted(
            Organization.objects.values_list(
                "multifactory__slug",
                "slug",
                "status",
                "kind",
                "sector",
                "stage",
                "is_public",
                "applied_on",
                "joined_on",
                "left_on",
            )
        ),
        "memberships": sorted(
            Membership.objects.values_list(
                "organization__slug", "person__email", "role"
            )
        ),
        "mandates": sorted(
            Mandate.objects.values_list(
                "multifactory__slug", "person__email", "kind", "scope", "ends_on"
            )
        ),
        "invitations": sorted(
            Invitation.objects.values_list("organization__slug", "email", "role")
        ),
    }


def test_it_builds_both_multifactories_with_the_logins_bin_serve_prints(db):
    output = run_demo()

    assert "Demo loaded" in output
    main = Multifactory.objects.get(slug=demo.MAIN_SLUG)
    second = Multifactory.objects.get(slug=demo.SECOND_SLUG)
    giulia = Person.objects.get(email="giulia@r84.example")
    sara = Person.objects.get(email="sara@r84.example")
    luca = Person.objects.get(email="luca@r84.example")
    marta = Person.objects.get(email="marta@risma.example")
    for person in (giulia, sara, luca, marta):
        assert person.check_password(DEMO_PASSWORD)
    assert (
        Mandate.objects.active().get(multifactory=main, kind=MandateKind.FOUNDER).person
        == giulia
    )
    assert (
        Membership.objects.get(person=sara, organization__name="Atelier Sara").role
        == Role.REPRESENTATIVE
    )
    assert (
        Membership.objects.get(person=luca, organization__name="Elettrica Luca").role
        == Role.REPRESENTATIVE
    )
    assert (
        Mandate.objects.active()
        .filter(multifactory=main, person=luca, kind=MandateKind.TREASURER)
        .exists()
    )
    assert Membership.objects.filter(
        person=marta, multifactory=second, role=Role.REPRESENTATIVE
    ).exists()


@pytest.mark.parametrize("document", ["bin/serve", "README.md"])
def test_every_login_that_the_documents_print_works(db, document):
    text = (Path(__file__).resolve().parents[3] / document).read_text()
    logins = set(re.findall(r"[a-z]+@(?:r84|risma)\.example", text))
    demo.build_community()

    assert len(logins) >= 4
    for email in logins:
        assert Person.objects.get(email=email).check_password(DEMO_PASSWORD), email


def test_the_community_has_the_documented_shape(db):
    context = demo.build_community()

    main_companies = Organization.objects.filter(multifactory=context.main)
    by_status = {
        status: main_companies.filter(status=status).count()
        for status in OrganizationStatus
    }
    assert by_status == {
        OrganizationStatus.MEMBER: 40,
        OrganizationStatus.LEAVING: 1,
        OrganizationStatus.APPLICANT: 3,
        OrganizationStatus.FORMER: 1,
    }
    assert Organization.objects.filter(multifactory=context.second).count() == 8
    assert main_companies.values("kind").distinct().count() >= 7
    assert main_companies.values("sector").distinct().count() >= 10
    for company in Organization.objects.all():
        people = company.memberships.count()
        representatives = company.memberships.filter(role=Role.REPRESENTATIVE)
        assert 1 <= people <= 4, company
        assert 1 <= representatives.count() <= 2, company
    assert Person.objects.count() == len(context.people) == 100
    kinds = set(
        Mandate.objects.filter(multifactory=context.main).values_list("kind", flat=True)
    )
    assert {
        MandateKind.TREASURER,
        MandateKind.FACILITATOR,
        MandateKind.KEYS_KEEPER,
        MandateKind.TRAINER,
        MandateKind.EVENTS_COORDINATOR,
    } <= kinds
    assert Mandate.objects.get(scope="laser cutter").kind == MandateKind.TRAINER
    pending = [i for i in Invitation.objects.all() if i.state == "pending"]
    assert len(pending) == 3
    assert context.founder.notifications.exists()


def row_counts() -> dict[str, int]:
    """Rows of every model of every capability, the other apps' demo data included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("multifactory.")
    }


def test_it_builds_the_same_data_on_every_run(db):
    demo.load()
    first, first_counts = signature(), row_counts()

    demo.load(reset=True)

    assert signature() == first
    assert row_counts() == first_counts


def test_running_it_twice_does_not_duplicate_anything(db, community_only):
    run_demo()
    first = signature()
    events = AuditEvent.objects.count()

    output = run_demo()

    assert "already loaded" in output
    assert signature() == first
    assert AuditEvent.objects.count() == events


def test_reset_rebuilds_it_from_scratch(db, community_only):
    run_demo()
    first = signature()
    founder_before = Person.objects.get(email=demo.FOUNDER_EMAIL).pk

    output = run_demo("--reset")

    assert "Demo loaded" in output
    assert signature() == first
    assert Person.objects.get(email=demo.FOUNDER_EMAIL).pk != founder_before
    assert Multifactory.objects.filter(slug__in=demo.DEMO_SLUGS).count() == 2


def test_it_rebuilds_when_the_multifactories_were_deleted_by_hand(db, community_only):
    run_demo()
    # By hand means the operator's purge: a plain delete is refused (append-only trail).
    for slug in demo.DEMO_SLUGS:
        call_command("purge_multifactory", slug, "--yes", stdout=StringIO())

    output = run_demo()

    assert "Demo loaded" in output
    assert Person.objects.filter(email=demo.FOUNDER_EMAIL).count() == 1


def test_reset_leaves_other_multifactories_alone(world, community_only):
    run_demo()

    run_demo("--reset")

    assert Multifactory.objects.filter(slug="r84-test").exists()
    assert Person.objects.filter(email=world.owner.email).exists()


def test_every_write_of_the_demo_is_in_the_audit_trail_with_its_authority(db):
    context = demo.build_community()
    founder_mandate = Mandate.objects.get(
        multifactory=context.main, kind=MandateKind.FOUNDER
    )

    granted = AuditEvent.objects.filter(
        multifactory=context.main, action="mandate.granted"
    ).exclude(object_id=str(founder_mandate.pk))
    created = AuditEvent.objects.filter(
        multifactory=context.main, action="organization.created"
    )

    assert granted.count() == 7
    assert all(event.actor == context.founder for event in granted)
    assert all(event.mandate == founder_mandate for event in granted)
    assert (
        created.count()
        == Organization.objects.filter(multifactory=context.main).count()
    )
    assert AuditEvent.objects.filter(
        action="organization.status_changed", changes__status=["member", "former"]
    ).exists()
    assert AuditEvent.objects.filter(action="invitation.accepted").count() == 1
    assert AuditEvent.objects.filter(action="person.created").count() == 100


def a_demo_module(name: str, build) -> types.ModuleType:
    module = types.ModuleType(f"multifactory.{name}.demo")
    module.build = build
    return module


def test_it_hands_the_context_to_every_other_capability_in_order(db, monkeypatch):
    calls = []
    modules = [
        a_demo_module(name, lambda context, name=name: calls.append((name, context)))
        for name in ("place", "governance")
    ]
    monkeypatch.setattr(demo, "demo_modules", lambda: modules)

    context = demo.load()

    assert [name for name, _context in calls] == ["place", "governance"]
    assert all(isinstance(c, DemoContext) for _name, c in calls)
    assert calls[0][1] is context
    assert context.main.slug == demo.MAIN_SLUG
    assert context.companies["atelier-sara"].name == "Atelier Sara"
    assert context.people["sara@r84.example"].full_name == "Sara Galli"


def test_it_reports_the_time_each_capability_took(db, monkeypatch):
    monkeypatch.setattr(
        demo, "demo_modules", lambda: [a_demo_module("place", lambda context: None)]
    )

    output = run_demo()

    assert re.search(r"Time per capability: community \d+\.\ds, place \d+\.\ds", output)


def test_it_finds_the_demo_modules_of_installed_apps_only(settings):
    modules = demo.demo_modules()

    names = [module.__name__ for module in modules]
    assert "multifactory.community.demo" not in names
    assert "multifactory.core.demo" not in names  # the context, not a builder
    app_order = list(settings.INSTALLED_APPS)
    assert names == sorted(names, key=lambda n: app_order.index(n.rsplit(".", 1)[0]))


def test_a_failing_capability_leaves_nothing_half_built(db, monkeypatch):
    def build(context):
        raise RuntimeError("boom")

    monkeypatch.setattr(demo, "demo_modules", lambda: [a_demo_module("place", build)])

    with pytest.raises(RuntimeError):
        demo.load()

    assert not Multifactory.objects.exists()
    assert not Person.objects.exists()


def test_it_says_the_demo_is_loaded_when_another_run_loaded_it_meanwhile(
    db, monkeypatch
):
    """Found by mypy: `demo.load` answers None when the demo appeared after the
    command's own check (another `bin/serve` starting at the same time); the
    command then failed with an AttributeError on None instead of saying so."""
    checks = iter([False])
    monkeypatch.setattr(demo, "demo_exists", lambda: next(checks, True))

    output = run_demo()

    assert "already loaded" in output
