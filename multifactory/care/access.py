"""Who may see and do what in the care of the place. Each function returns the object
or raises. The keys keeper (place.access.PLACE_MANDATE) looks after the place."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from multifactory.care.models import ChoreRota, Incident, MaintenanceTask
from multifactory.community.access import (
    active_mandate,
    acts_for,
    member_require,
)
from multifactory.community.models import (
    ACTIVE_STATUSES,
    Mandate,
    Membership,
    Multifactory,
)
from multifactory.place.access import PLACE_MANDATE, place_mandate_require

__all__ = ["PLACE_MANDATE", "member_require", "place_mandate_require"]

NOT_THE_ASSIGNEE = _(
    "Only the person or company the task is assigned to, or the keys keeper, can "
    "change it."
)

NO_SUCH_INCIDENT = _("No such incident in this multifactory.")
NO_SUCH_TASK = _("No such task in this multifactory.")
NO_SUCH_ROTA = _("No such rota in this multifactory.")


def incident_photo_get_for_member(person, multifactory: Multifactory, pk: int):
    """The photo of an incident, for whoever may see the incident: the people of
    the multifactory's member companies (the care page's readers)."""
    member_require(person, multifactory)
    incident = Incident.objects.filter(pk=pk, multifactory=multifactory).first()
    if incident is None or not incident.photo:
        raise Http404(_("This incident has no photo."))
    return incident.photo


def task_status_authority(person, task) -> Mandate | None:
    """Who moves a maintenance task along: its assignee (the person, or anyone who
    acts for the assigned company) with no mandate, else the keys keeper."""
    if task.assigned_person_id == getattr(person, "pk", None) or (
        task.assigned_organization is not None
        and acts_for(person, task.assigned_organization)
    ):
        return None
    mandate = active_mandate(person, task.multifactory, PLACE_MANDATE)
    if mandate is None:
        raise PermissionDenied(NOT_THE_ASSIGNEE)
    return mandate


def tasks_movable_by(person, multifactory: Multifactory, tasks) -> set[int]:
    """The ids among `tasks` whose status `person` may change (the same rule as
    task_status_authority, in one query), so a page offers only those buttons."""
    if active_mandate(person, multifactory, PLACE_MANDATE) is not None:
        return {task.pk for task in tasks}
    companies = set(
        Membership.objects.filter(
            person=person,
            multifactory=multifactory,
            organization__status__in=ACTIVE_STATUSES,
        ).values_list("organization_id", flat=True)
    )
    return {
        task.pk
        for task in tasks
        if task.assigned_person_id == person.pk
        or task.assigned_organization_id in companies
    }


def incident_get_for_member(person, multifactory: Multifactory, pk: int) -> Incident:
    """An incident of the multifactory, for the people of its member companies."""
    member_require(person, multifactory)
    incident = Incident.objects.filter(pk=pk, multifactory=multifactory).first()
    if incident is None:
        raise Http404(NO_SUCH_INCIDENT)
    return incident


def task_get_for_member(person, multifactory: Multifactory, pk: int) -> MaintenanceTask:
    """A maintenance task of the multifactory, for the people of its member
    companies (who may move it is `task_status_authority`)."""
    member_require(person, multifactory)
    task = (
        MaintenanceTask.objects.select_related(
            "multifactory", "assigned_organization", "assigned_person"
        )
        .filter(pk=pk, multifactory=multifactory)
        .first()
    )
    if task is None:
        raise Http404(NO_SUCH_TASK)
    return task


def rota_get_for_member(person, multifactory: Multifactory, pk: int) -> ChoreRota:
    member_require(person, multifactory)
    rota = ChoreRota.objects.filter(pk=pk, multifactory=multifactory).first()
    if rota is None:
        raise Http404(NO_SUCH_ROTA)
    return rota
