"""Reads of the care of the place, scoped to one multifactory."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Prefetch,
    QuerySet,
)

from multifactory.community.models import (
    Multifactory,
    Organization,
)


def incidents(*, multifactory: Multifactory, open_only: bool = False) -> QuerySet:
    from multifactory.care.models import Incident, IncidentStatus

    found = Incident.objects.filter(multifactory=multifactory)
    if open_only:
        found = found.exclude(status=IncidentStatus.RESOLVED)
    return found.select_related("multifactory", "reported_by", "resource").order_by(
        "status", "-created_at"
    )


def maintenance_tasks(*, multifactory: Multifactory) -> QuerySet:
    from multifactory.care.models import MaintenanceTask

    return MaintenanceTask.objects.filter(multifactory=multifactory).select_related(
        "assigned_organization", "assigned_person", "resource"
    )


@dataclass(frozen=True)
class Turn:
    starts_on: date
    ends_on: date
    organization: Organization


def rota_turns(rota, *, since: date, count: int = 6) -> list[Turn]:
    """The next `count` turns of a rota from the turn that contains `since`.

    Turns are computed, not stored: the order of companies and the period decide
    them, so changing the order changes the future only."""
    members = [m.organization for m in rota.members.all()]
    if not members:
        return []
    period = timedelta(days=rota.period_days)
    index = max(0, (since - rota.starts_on).days // rota.period_days)
    turns = []
    for n in range(index, index + count):
        start = rota.starts_on + n * period
        turns.append(
            Turn(start, start + period - timedelta(days=1), members[n % len(members)])
        )
    return turns


def chore_rotas(*, multifactory: Multifactory, since: date, count: int = 6):
    from multifactory.care.models import ChoreRota, ChoreRotaMember

    rotas = ChoreRota.objects.filter(multifactory=multifactory).prefetch_related(
        Prefetch(
            "members", queryset=ChoreRotaMember.objects.select_related("organization")
        )
    )
    return [(rota, rota_turns(rota, since=since, count=count)) for rota in rotas]
