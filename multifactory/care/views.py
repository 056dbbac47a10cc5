"""Pages of the care of the place: parse → access → one service or selector → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from multifactory.care import access, selectors, services
from multifactory.care.forms import (
    IncidentForm,
    RotaForm,
)
from multifactory.community.decorators import member_view
from multifactory.core.files import private_file_response
from multifactory.place import selectors as place_selectors
from multifactory.place.web import (
    active_companies,
    form_status,
    is_keeper,
    keeper_multifactory,
    member_multifactory,
    saved,
)


@require_GET
@member_view
def incident_photo(request, multifactory, pk):
    """An incident's photo, for those who may see the incident (never /media/)."""
    photo = access.incident_photo_get_for_member(request.user, multifactory, pk)
    return private_file_response(photo)


@login_required
def care(request, mf):
    """Care of the place: report an incident; see open incidents, tasks, rotas."""
    multifactory = member_multifactory(request, mf)
    resources = place_selectors.resource_list(multifactory=multifactory)
    form = IncidentForm(
        request.POST or None, request.FILES or None, resources=resources
    )
    if saved(
        request,
        form,
        lambda data: services.incident_report(
            by=request.user, multifactory=multifactory, **data
        ),
    ):
        messages.success(request, _("Thank you: the incident is reported."))
        return redirect("care:care", mf=multifactory.slug)
    tasks = list(
        selectors.maintenance_tasks(multifactory=multifactory).exclude(status="done")
    )
    return render(
        request,
        "care/care.html",
        {
            "multifactory": multifactory,
            "form": form,
            "incidents": selectors.incidents(multifactory=multifactory, open_only=True),
            "tasks": tasks,
            "movable_tasks": access.tasks_movable_by(request.user, multifactory, tasks),
            "is_keeper": is_keeper(request.user, multifactory),
            "rotas": selectors.chore_rotas(
                multifactory=multifactory,
                since=timezone.localdate(timezone=multifactory.zone),
            ),
            "today": timezone.localdate(timezone=multifactory.zone),
        },
        status=form_status(request),
    )


@login_required
@require_POST
def task_status(request, mf, pk):
    multifactory = member_multifactory(request, mf)
    task = access.task_get_for_member(request.user, multifactory, pk)
    try:
        services.maintenance_task_set_status(
            by=request.user, task=task, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("care:care", mf=multifactory.slug)


@login_required
@require_POST
def incident_status(request, mf, pk):
    multifactory = member_multifactory(request, mf)
    incident = access.incident_get_for_member(request.user, multifactory, pk)
    try:
        services.incident_set_status(
            by=request.user, incident=incident, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("care:care", mf=multifactory.slug)


@login_required
def rota_create(request, mf):
    """The keys keeper starts a chores rota among member companies."""
    multifactory = keeper_multifactory(request, mf)
    form = RotaForm(
        request.POST or None,
        companies=active_companies(multifactory),
        initial={"starts_on": timezone.localdate(timezone=multifactory.zone)},
    )
    if saved(
        request,
        form,
        lambda data: services.chore_rota_create(
            by=request.user, multifactory=multifactory, **data
        ),
    ):
        messages.success(request, _("The rota is set."))
        return redirect("care:care", mf=multifactory.slug)
    return render(
        request,
        "care/rota_form.html",
        {"multifactory": multifactory, "form": form},
        status=form_status(request),
    )
