"""JSON API of the care of the place: incidents and their photos, maintenance tasks,
chores rotas. Same services, selectors and access functions as the pages."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from multifactory.api.fields import (
    Day,
    Id,
)
from multifactory.api.pagination import Page, PageParams, paginate
from multifactory.care import access, selectors, services
from multifactory.care.models import TaskStatus, Urgency
from multifactory.community.models import Organization
from multifactory.place import access as place_access
from multifactory.place.web import api_member_multifactory, company_here, person_here

router = Router(tags=["care"])


class IncidentIn(Schema):
    title: str = Field(max_length=150)
    description: str = ""
    resource: str | None = Field(None, description="Slug of the resource, if any.")
    location: str = Field("", max_length=150)
    urgency: Urgency = Urgency.NORMAL


class IncidentOut(Schema):
    id: int
    title: str
    description: str
    urgency: Urgency
    status: str
    location: str
    created_at: datetime
    photo_url: str | None = None

    @staticmethod
    def resolve_photo_url(incident) -> str | None:
        """The address of the photo, served to members only (never /media/)."""
        if not incident.photo:
            return None
        return reverse(
            "care:incident_photo",
            kwargs={"mf": incident.multifactory.slug, "pk": incident.pk},
        )


class TaskOut(Schema):
    id: int
    title: str
    status: TaskStatus
    due_on: date | None
    assigned_organization_id: int | None
    assigned_person_id: int | None


class TaskStatusIn(Schema):
    status: TaskStatus


class TurnOut(Schema):
    starts_on: date
    ends_on: date
    organization: str

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug


class RotaOut(Schema):
    id: int
    name: str
    period_days: int
    turns: list[TurnOut]


class RotaDetailOut(RotaOut):
    current: TurnOut | None = Field(description="Whose turn it is today.")


@router.get("/m/{slug}/place/incidents", response=Page[IncidentOut])
def incident_list(request: HttpRequest, slug: str, page: Query[PageParams]):
    multifactory = api_member_multifactory(request, slug)
    return paginate(request, selectors.incidents(multifactory=multifactory), page)


@router.post("/m/{slug}/place/incidents", response={201: IncidentOut})
def incident_report(request: HttpRequest, slug: str, payload: IncidentIn):
    """Report an incident; add its photo with the photo operation."""
    multifactory = api_member_multifactory(request, slug)
    resource = None
    if payload.resource:
        resource = place_access.resource_get_for_member(
            request.auth, multifactory, payload.resource
        )
    incident = services.incident_report(
        by=request.auth,
        multifactory=multifactory,
        title=payload.title,
        description=payload.description,
        resource=resource,
        location=payload.location,
        urgency=payload.urgency,
    )
    return Status(201, incident)


@router.get("/m/{slug}/place/tasks", response=Page[TaskOut])
def task_list(request: HttpRequest, slug: str, page: Query[PageParams]):
    multifactory = api_member_multifactory(request, slug)
    return paginate(
        request, selectors.maintenance_tasks(multifactory=multifactory), page
    )


@router.post("/m/{slug}/place/tasks/{task_id}/status", response=TaskOut)
def task_set_status(
    request: HttpRequest, slug: str, task_id: int, payload: TaskStatusIn
):
    multifactory = api_member_multifactory(request, slug)
    found = access.task_get_for_member(request.auth, multifactory, task_id)
    return services.maintenance_task_set_status(
        by=request.auth, task=found, status=payload.status
    )


@router.get("/m/{slug}/place/rotas", response=list[RotaDetailOut])
def rota_list(request: HttpRequest, slug: str):
    """Chores rotas with whose turn it is today and their next six turns."""
    multifactory = api_member_multifactory(request, slug)
    today = timezone.localdate(timezone=multifactory.zone)
    return [
        {
            "id": rota.pk,
            "name": rota.name,
            "period_days": rota.period_days,
            "turns": turns,
            "current": turns[0] if turns and turns[0].starts_on <= today else None,
        }
        for rota, turns in selectors.chore_rotas(multifactory=multifactory, since=today)
    ]


class TaskIn(Schema):
    title: str = Field(max_length=150)
    description: str = ""
    resource: str | None = None
    assigned_organization: str | None = None
    assigned_person_id: int | None = None
    due_on: Day | None = None


class IncidentStatusIn(Schema):
    status: str = Field(pattern="^(open|in_progress|resolved)$")


@router.post("/m/{slug}/place/tasks", response={201: TaskOut})
def task_create(request: HttpRequest, slug: str, payload: TaskIn):
    """A maintenance task for a company or a person (keys keeper)."""
    multifactory = api_member_multifactory(request, slug)
    task = services.maintenance_task_create(
        by=request.auth,
        multifactory=multifactory,
        title=payload.title,
        description=payload.description,
        resource=place_access.resource_get_for_member(
            request.auth, multifactory, payload.resource
        )
        if payload.resource
        else None,
        assigned_organization=company_here(multifactory, payload.assigned_organization)
        if payload.assigned_organization
        else None,
        assigned_person=person_here(
            multifactory, payload.assigned_person_id, "assigned_person_id"
        )
        if payload.assigned_person_id
        else None,
        due_on=payload.due_on,
    )
    return Status(201, task)


@router.post("/m/{slug}/place/incidents/{incident_id}/photo", response=IncidentOut)
def incident_photo(
    request: HttpRequest, slug: str, incident_id: Id, photo: File[UploadedFile]
):
    """Attach the photo of an incident (JPEG, PNG, WebP or GIF, 5 MB at most):
    its reporter or the keys keeper."""
    multifactory = api_member_multifactory(request, slug)
    found = access.incident_get_for_member(request.auth, multifactory, incident_id)
    return services.incident_photo_set(by=request.auth, incident=found, photo=photo)


@router.post("/m/{slug}/place/incidents/{incident_id}/status", response=IncidentOut)
def incident_status(
    request: HttpRequest, slug: str, incident_id: int, payload: IncidentStatusIn
):
    multifactory = api_member_multifactory(request, slug)
    found = access.incident_get_for_member(request.auth, multifactory, incident_id)
    return services.incident_set_status(
        by=request.auth, incident=found, status=payload.status
    )


class RotaIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    companies: list[str] = Field(description="Company slugs, in the order of turns.")
    starts_on: Day
    period_days: int = Field(7, ge=1, le=366)


def _rota_company(multifactory, slug: str) -> Organization:
    company = Organization.objects.filter(multifactory=multifactory, slug=slug).first()
    if company is None:
        raise ValidationError({"companies": services.ROTA_NEEDS_COMPANIES})
    return company


def _rota_out(rota, multifactory):
    today = timezone.localdate(timezone=multifactory.zone)
    turns = selectors.rota_turns(rota, since=today)
    current = turns[0] if turns and turns[0].starts_on <= today else None
    return {
        "id": rota.pk,
        "name": rota.name,
        "period_days": rota.period_days,
        "turns": turns,
        "current": current,
    }


@router.post("/m/{slug}/place/rotas", response={201: RotaDetailOut})
def rota_create(request: HttpRequest, slug: str, payload: RotaIn):
    """A chore that rotates among member companies (keys keeper)."""
    multifactory = api_member_multifactory(request, slug)
    access.place_mandate_require(request.auth, multifactory)
    rota = services.chore_rota_create(
        by=request.auth,
        multifactory=multifactory,
        name=payload.name,
        description=payload.description,
        companies=[
            _rota_company(multifactory, company) for company in payload.companies
        ],
        starts_on=payload.starts_on,
        period_days=payload.period_days,
    )
    return Status(201, _rota_out(rota, multifactory))


@router.get("/m/{slug}/place/rotas/{rota_id}", response=RotaDetailOut)
def rota_get(request: HttpRequest, slug: str, rota_id: int):
    """A rota with whose turn it is today and the next turns."""
    multifactory = api_member_multifactory(request, slug)
    rota = access.rota_get_for_member(request.auth, multifactory, rota_id)
    return _rota_out(rota, multifactory)
