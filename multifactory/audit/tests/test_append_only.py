"""The audit trail is append-only: the application cannot change or delete its rows
(on every database), PostgreSQL refuses it even through raw SQL, and deleting what
the trail names is refused rather than silently deleting or blanking history. The one
way out is the operator's purge of a whole multifactory."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.models.deletion import ProtectedError

from multifactory.audit.models import AppendOnlyError, AuditEvent
from multifactory.audit.services import audit_events_purge, audit_record
from multifactory.community.models import Mandate, Multifactory
from multifactory.community.purge import multifactory_purge

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


def an_event(world) -> AuditEvent:
    return AuditEvent.objects.filter(multifactory=world.multifactory).first()


def test_an_event_once_written_cannot_be_saved_again(world):
    event = an_event(world)
    event.object_repr = "Something else"
    with pytest.raises(AppendOnlyError, match="append-only"):
        event.save()
    event.refresh_from_db()
    assert event.object_repr != "Something else"


def test_an_event_cannot_be_deleted(world):
    with pytest.raises(AppendOnlyError):
        an_event(world).delete()


def test_events_cannot_be_updated_or_deleted_in_bulk(world):
    events = AuditEvent.objects.filter(multifactory=world.multifactory)
    count = events.count()
    with pytest.raises(AppendOnlyError):
        events.update(action="membership.added")
    with pytest.raises(AppendOnlyError):
        events.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update(list(events), ["object_repr"])
    assert events.count() == count


def test_the_append_only_error_is_an_integrity_error_as_on_postgresql():
    assert issubclass(AppendOnlyError, IntegrityError)


def test_deleting_a_multifactory_with_a_history_is_refused(world):
    with pytest.raises(ProtectedError):
        world.multifactory.delete()
    assert Multifactory.objects.filter(pk=world.multifactory.pk).exists()


def test_deleting_a_person_who_acted_is_refused_not_blanked(world):
    with pytest.raises(ProtectedError):
        world.founder.delete()
    assert AuditEvent.objects.filter(actor=world.founder).exists()


def test_deleting_a_company_or_a_mandate_the_trail_names_is_refused(world):
    with pytest.raises(ProtectedError):
        world.company.delete()
    mandate = Mandate.objects.filter(multifactory=world.multifactory).first()
    with pytest.raises(ProtectedError):
        mandate.delete()


def test_the_purge_deletes_one_multifactory_and_its_whole_history(world):
    other_events = AuditEvent.objects.filter(
        multifactory=world.other_multifactory
    ).count()
    assert other_events

    purged = multifactory_purge(multifactory=world.multifactory)

    assert purged > 0
    assert not Multifactory.objects.filter(slug="r84-test").exists()
    assert not AuditEvent.objects.filter(multifactory_id=world.multifactory.pk).exists()
    assert (
        AuditEvent.objects.filter(multifactory=world.other_multifactory).count()
        == other_events
    )


def test_after_the_purge_the_trail_is_append_only_again(world):
    multifactory_purge(multifactory=world.multifactory)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(multifactory=world.other_multifactory).delete()


def test_the_operator_command_purges_after_the_slug_is_typed_again(world, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda _prompt: "wrong")
    with pytest.raises(CommandError, match="Nothing was deleted"):
        call_command("purge_multifactory", "r84-test")
    assert Multifactory.objects.filter(slug="r84-test").exists()

    monkeypatch.setattr("builtins.input", lambda _prompt: "r84-test")
    out = StringIO()
    call_command("purge_multifactory", "r84-test", stdout=out)
    assert "audit events" in out.getvalue()
    assert not Multifactory.objects.filter(slug="r84-test").exists()


def test_the_operator_command_names_an_unknown_slug(db):
    with pytest.raises(CommandError, match="No multifactory has the slug"):
        call_command("purge_multifactory", "nowhere", "--yes")


def _raw(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@postgres_only
def test_postgresql_refuses_a_raw_update_of_the_trail(world):
    event = an_event(world)
    with pytest.raises(IntegrityError, match="append-only"):
        _raw(
            "UPDATE audit_auditevent SET object_repr = 'forged' WHERE id = %s",
            [event.pk],
        )
    event.refresh_from_db()
    assert event.object_repr != "forged"


@postgres_only
def test_postgresql_refuses_a_raw_delete_of_the_trail(world):
    event = an_event(world)
    with pytest.raises(IntegrityError, match="append-only"):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@postgres_only
def test_postgresql_refuses_an_update_even_during_a_purge(world):
    event = an_event(world)
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT set_config('multifactory.audit_purge', 'on', true)")
        cursor.execute(
            "UPDATE audit_auditevent SET object_repr = 'forged' WHERE id = %s",
            [event.pk],
        )


@postgres_only
def test_postgresql_lets_the_purge_delete_and_then_refuses_again(world):
    audit_events_purge(
        events=AuditEvent.objects.filter(multifactory=world.other_multifactory)
    )
    assert not AuditEvent.objects.filter(multifactory=world.other_multifactory).exists()
    # The setting was turned off again in the same transaction.
    with pytest.raises(IntegrityError, match="append-only"):
        _raw(
            "DELETE FROM audit_auditevent WHERE multifactory_id = %s",
            [world.multifactory.pk],
        )


@postgres_only
def test_postgresql_still_lets_the_owner_truncate_for_test_flushes(world):
    # The rows were inserted in this test's transaction: check their deferred foreign
    # keys now, as a flush after the test's commit finds them checked.
    _raw("SET CONSTRAINTS ALL IMMEDIATE")
    _raw("TRUNCATE audit_auditevent")
    assert not AuditEvent.objects.exists()


def test_the_purge_never_deletes_the_history_of_another_multifactory(world):
    """A row of another multifactory naming this one's company keeps it: the purge is
    refused as a whole, nothing is deleted."""
    audit_record(
        by=world.other,
        action="organization.updated",
        target=world.company,
        multifactory=world.other_multifactory,
        organization=world.company,
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ProtectedError):
        multifactory_purge(multifactory=world.multifactory)
    assert AuditEvent.objects.count() == before
    assert Multifactory.objects.filter(pk=world.multifactory.pk).exists()
