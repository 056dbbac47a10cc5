"""Booking series store their recurrence as an RFC 5545 RRULE (with the first
occurrence's start and end, and the days left out), instead of the frequency,
interval, count and until columns; money columns say "minor units", not "cents".

Every existing series keeps its occurrences and gets the rule it was booked with:
daily or weekly, its interval, and its count or its last day (as UNTIL in UTC, the
end of that local day).
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations, models


def _rule(series, zone) -> str:
    parts = [
        f"FREQ={'WEEKLY' if series.frequency == 'weekly' else 'DAILY'}",
        f"INTERVAL={series.interval or 1}",
    ]
    if series.count is not None:
        parts.append(f"COUNT={series.count}")
    else:
        last = datetime.combine(
            series.until + timedelta(days=1), time(0), tzinfo=zone
        ) - timedelta(seconds=1)
        parts.append("UNTIL=" + last.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    return ";".join(parts)


def patterns_to_rrules(apps, schema_editor):
    BookingSeries = apps.get_model("place", "BookingSeries")
    for series in BookingSeries.objects.select_related("multifactory"):
        zone = ZoneInfo(series.multifactory.time_zone)
        first = series.occurrences.order_by("start").first()
        if first is not None:
            series.starts_at, series.ends_at = first.start, first.end
        else:  # never happens: a series is booked whole or not at all
            series.starts_at = series.ends_at = series.created_at
        series.rule = _rule(series, zone)
        series.save(update_fields=["rule", "starts_at", "ends_at"])


def rrules_to_patterns(apps, schema_editor):
    BookingSeries = apps.get_model("place", "BookingSeries")
    for series in BookingSeries.objects.select_related("multifactory"):
        zone = ZoneInfo(series.multifactory.time_zone)
        fields = dict(part.split("=", 1) for part in series.rule.split(";"))
        series.frequency = "weekly" if fields["FREQ"] == "WEEKLY" else "daily"
        series.interval = int(fields.get("INTERVAL", 1))
        if "COUNT" in fields:
            series.count, series.until = int(fields["COUNT"]), None
        else:
            until = datetime.strptime(fields["UNTIL"], "%Y%m%dT%H%M%SZ")
            series.count = None
            series.until = until.replace(tzinfo=UTC).astimezone(zone).date()
        series.save(update_fields=["frequency", "interval", "count", "until"])


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("place", "0005_key_deposit_returned_gif_photos"),
    ]

    operations = [
        migrations.AddField(
            model_name="bookingseries",
            name="rule",
            field=models.CharField(
                default="", max_length=200, verbose_name="repeats (RFC 5545 RRULE)"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="bookingseries",
            name="starts_at",
            field=models.DateTimeField(null=True, verbose_name="first start"),
        ),
        migrations.AddField(
            model_name="bookingseries",
            name="ends_at",
            field=models.DateTimeField(null=True, verbose_name="first end"),
        ),
        migrations.AddField(
            model_name="bookingseries",
            name="skipped_days",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="ISO dates.",
                verbose_name="days left out",
            ),
        ),
        # Removed before the data moves, so that migrating back fills count or
        # until before the constraint comes back.
        migrations.RemoveConstraint(
            model_name="bookingseries",
            name="place_series_count_xor_until",
        ),
        migrations.RunPython(patterns_to_rrules, rrules_to_patterns),
        migrations.AlterField(
            model_name="bookingseries",
            name="starts_at",
            field=models.DateTimeField(verbose_name="first start"),
        ),
        migrations.AlterField(
            model_name="bookingseries",
            name="ends_at",
            field=models.DateTimeField(verbose_name="first end"),
        ),
        # A default, so that migrating back can add the column to existing rows
        # before rrules_to_patterns fills it in.
        migrations.AlterField(
            model_name="bookingseries",
            name="frequency",
            field=models.CharField(
                choices=[("daily", "Daily"), ("weekly", "Weekly")],
                default="daily",
                max_length=10,
                verbose_name="repeats",
            ),
        ),
        migrations.RemoveField(model_name="bookingseries", name="frequency"),
        migrations.RemoveField(model_name="bookingseries", name="interval"),
        migrations.RemoveField(model_name="bookingseries", name="count"),
        migrations.RemoveField(model_name="bookingseries", name="until"),
        migrations.AlterField(
            model_name="key",
            name="deposit",
            field=models.PositiveIntegerField(
                default=0, help_text="In minor units.", verbose_name="deposit (minor units)"
            ),
        ),
        migrations.AlterField(
            model_name="keyhandover",
            name="deposit_paid",
            field=models.PositiveIntegerField(
                default=0, verbose_name="deposit paid (minor units)"
            ),
        ),
        migrations.AlterField(
            model_name="keyhandover",
            name="deposit_returned",
            field=models.PositiveIntegerField(
                default=0, verbose_name="deposit given back (minor units)"
            ),
        ),
        migrations.AlterField(
            model_name="resource",
            name="hourly_cost",
            field=models.PositiveIntegerField(
                default=0,
                help_text="In minor units of the multifactory's currency; 0 = free.",
                verbose_name="hourly cost (minor units)",
            ),
        ),
    ]
