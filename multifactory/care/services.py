"""Writes of the care of the place: incidents and their photos, maintenance tasks,
chores rotas."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multifactory.audit.services import audit_record, diff, snapshot
from multifactory.care import access
from multifactory.care.models import (
    ChoreRota,
    ChoreRotaMember,
    Incident,
    IncidentStatus,
    MaintenanceTask,
    TaskStatus,
    Urgency,
)
from multifactory.community.access import (
    is_member_of,
)
from multifactory.community.models import (
    MandateKind,
    Multifactory,
    Organization,
    Person,
)
from multifactory.core.services import (
    save_validated,
)
from multifactory.notifications.services import notify
from multifactory.place.models import Resource

# The same words as before the split (place.services), so behaviour did not change.
RESOURCE_NOT_HERE = _("Choose doors of this multifactory.")
ASSIGNEE_NOT_MEMBER = _("Keys go to people of an active member company.")

NOT_THE_ASSIGNEE = access.NOT_THE_ASSIGNEE
ROTA_NEEDS_COMPANIES = _(
    "A rota needs at least one active member company of this multifactory, each once."
)
PHOTO_NOT_AN_IMAGE = _(
    "The photo must be a JPEG, PNG, WebP or GIF image; this file is not one."
)
PHOTO_TOO_LARGE = _("The photo is larger than 5 MB.")
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def is_image(upload) -> bool:
    """Whether the file starts like a JPEG, PNG, GIF or WebP image (its magic
    bytes), whatever its name says. Pillow is not needed for this."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(12)
    upload.seek(position)
    return (
        head.startswith(b"\xff\xd8\xff")
        or head.startswith(b"\x89PNG\r\n\x1a\n")
        or head[:6] in (b"GIF87a", b"GIF89a")
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


def photo_check(photo) -> None:
    if photo.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": PHOTO_TOO_LARGE})
    if not is_image(photo):
        raise ValidationError({"photo": PHOTO_NOT_AN_IMAGE})


PHOTO_NOT_YOURS = _(
    "Only the person who reported the incident, or the keys keeper, adds its photo."
)


@transaction.atomic
def incident_photo_set(*, by: Person, incident: Incident, photo) -> Incident:
    """Attach (or replace) the photo of an incident: its reporter or the keys keeper."""
    mandate = None
    if by.pk != incident.reported_by_id:
        try:
            mandate = access.place_mandate_require(by, incident.multifactory)
        except PermissionDenied:
            raise PermissionDenied(PHOTO_NOT_YOURS) from None
    photo_check(photo)
    had_photo = bool(incident.photo)
    incident.photo = photo
    save_validated(incident, update_fields=["photo", "updated_at"])
    audit_record(
        by=by,
        action="incident.photo_set",
        target=incident,
        multifactory=incident.multifactory,
        mandate=mandate,
        changes={"photo": [had_photo, True]},
    )
    return incident


@transaction.atomic
def incident_report(
    *,
    by: Person,
    multifactory: Multifactory,
    title: str,
    description: str = "",
    resource: Resource | None = None,
    location: str = "",
    urgency: str = "normal",
    photo=None,
) -> Incident:
    """Any member reports something broken or unsafe; urgent ones alert the keys
    keeper at once."""
    from multifactory.community.models import Mandate

    access.member_require(by, multifactory)
    if resource is not None and resource.multifactory_id != multifactory.pk:
        raise ValidationError({"resource": RESOURCE_NOT_HERE})
    incident = Incident(
        multifactory=multifactory,
        reported_by=by,
        title=title.strip(),
        description=description,
        resource=resource,
        location=location,
        urgency=urgency,
    )
    if photo:
        photo_check(photo)
        incident.photo = photo
    save_validated(incident)
    audit_record(
        by=by,
        action="incident.reported",
        target=incident,
        multifactory=multifactory,
        changes=snapshot(incident, ["title", "resource", "location", "urgency"]),
    )
    if urgency in (Urgency.URGENT, Urgency.HIGH):
        keepers = [
            m.person
            for m in Mandate.objects.active(on=multifactory.today())
            .filter(
                multifactory=multifactory,
                kind__in={access.PLACE_MANDATE, MandateKind.FOUNDER},
            )
            .select_related("person")
        ]
        notify(
            people=keepers,
            kind="incident_reported",
            multifactory=multifactory,
            title=_("Incident (%(urgency)s): %(title)s")
            % {"urgency": incident.get_urgency_display(), "title": incident.title},
            url=reverse("care:care", kwargs={"mf": multifactory.slug}),
        )
    return incident


@transaction.atomic
def incident_set_status(*, by: Person, incident: Incident, status: str):

    mandate = access.place_mandate_require(by, incident.multifactory)
    return _status_set(
        incident,
        by=by,
        status=status,
        closed=IncidentStatus.RESOLVED,
        closed_at="resolved_at",
        action="incident.status_changed",
        mandate=mandate,
    )


def _status_set(
    obj, *, by, status, closed, closed_at, action, mandate, organization=None
):
    """Move an incident or task to `status`, stamping `closed_at` when it reaches
    `closed` (and clearing it otherwise); audited as `action`."""
    before = snapshot(obj, ["status"])
    obj.status = status
    setattr(obj, closed_at, timezone.now() if status == closed else None)
    save_validated(obj, update_fields=["status", closed_at, "updated_at"])
    audit_record(
        by=by,
        action=action,
        target=obj,
        multifactory=obj.multifactory,
        organization=organization,
        mandate=mandate,
        changes=diff(before, snapshot(obj, ["status"])),
    )
    return obj


@transaction.atomic
def maintenance_task_create(
    *,
    by: Person,
    multifactory: Multifactory,
    title: str,
    description: str = "",
    resource: Resource | None = None,
    incident=None,
    assigned_organization: Organization | None = None,
    assigned_person: Person | None = None,
    due_on: date | None = None,
) -> MaintenanceTask:

    mandate = access.place_mandate_require(by, multifactory)
    for name, value in (
        ("resource", resource),
        ("incident", incident),
        ("assigned_organization", assigned_organization),
    ):
        if value is not None and value.multifactory_id != multifactory.pk:
            raise ValidationError({name: RESOURCE_NOT_HERE})
    if assigned_person is not None and not is_member_of(assigned_person, multifactory):
        raise ValidationError({"assigned_person": ASSIGNEE_NOT_MEMBER})
    task = MaintenanceTask(
        multifactory=multifactory,
        title=title.strip(),
        description=description,
        resource=resource,
        incident=incident,
        assigned_organization=assigned_organization,
        assigned_person=assigned_person,
        due_on=due_on,
        created_by=by,
    )
    save_validated(task)
    audit_record(
        by=by,
        action="maintenance_task.created",
        target=task,
        multifactory=multifactory,
        organization=assigned_organization,
        mandate=mandate,
        changes=snapshot(
            task, ["title", "assigned_organization", "assigned_person", "due_on"]
        ),
    )
    if assigned_person is not None:
        notify(
            people=[assigned_person],
            kind="maintenance_task_assigned",
            multifactory=multifactory,
            title=_("A maintenance task for you: %(title)s") % {"title": task.title},
            url=reverse("care:care", kwargs={"mf": multifactory.slug}),
        )
    return task


@transaction.atomic
def maintenance_task_set_status(*, by: Person, task: MaintenanceTask, status: str):
    """The assignee (person, or anyone of the assigned company) or the keys keeper
    moves a task along."""
    mandate = access.task_status_authority(by, task)
    return _status_set(
        task,
        by=by,
        status=status,
        closed=TaskStatus.DONE,
        closed_at="done_at",
        action="maintenance_task.status_changed",
        mandate=mandate,
        organization=task.assigned_organization,
    )


@transaction.atomic
def chore_rota_create(
    *,
    by: Person,
    multifactory: Multifactory,
    name: str,
    companies: list[Organization],
    starts_on: date,
    period_days: int = 7,
    description: str = "",
) -> ChoreRota:
    """A chore that passes from company to company every `period_days`."""

    from multifactory.community.models import ACTIVE_STATUSES

    mandate = access.place_mandate_require(by, multifactory)
    companies = list(companies)
    if (
        not companies
        or len({c.pk for c in companies}) != len(companies)
        or any(
            c.multifactory_id != multifactory.pk or c.status not in ACTIVE_STATUSES
            for c in companies
        )
    ):
        raise ValidationError({"companies": ROTA_NEEDS_COMPANIES})
    rota = ChoreRota(
        multifactory=multifactory,
        name=name.strip(),
        description=description,
        starts_on=starts_on,
        period_days=period_days,
    )
    save_validated(rota)
    ChoreRotaMember.objects.bulk_create(
        ChoreRotaMember(rota=rota, organization=company, position=n)
        for n, company in enumerate(companies)
    )
    audit_record(
        by=by,
        action="chore_rota.created",
        target=rota,
        multifactory=multifactory,
        mandate=mandate,
        changes={"companies": [str(c) for c in companies], "period_days": period_days},
    )
    return rota
