"""Overlap guarantees that only PostgreSQL can hold (btree_gist exclusion constraints).

On SQLite these operations do nothing: there, services serialize writers (every
transaction begins IMMEDIATE, taking the write lock) and check overlaps in the same
transaction. See docs/place.md.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    # Two holding bookings (pending or confirmed) of one resource never overlap;
    # blocked_until is the end plus the buffer in force when it was booked.
    """
    ALTER TABLE place_booking ADD CONSTRAINT place_booking_no_overlap
    EXCLUDE USING gist (
        resource_id WITH =,
        tstzrange("start", blocked_until, '[)') WITH &&
    ) WHERE (status IN ('pending', 'confirmed'))
    """,
    # A private unit is assigned to one company at a time (open end = still assigned).
    """
    ALTER TABLE place_unitassignment ADD CONSTRAINT place_unit_assignment_no_overlap
    EXCLUDE USING gist (
        unit_id WITH =,
        daterange(starts_on, ends_on, '[]') WITH &&
    )
    """,
]
BACKWARD = [
    "ALTER TABLE place_unitassignment DROP CONSTRAINT place_unit_assignment_no_overlap",
    "ALTER TABLE place_booking DROP CONSTRAINT place_booking_no_overlap",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("place", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
