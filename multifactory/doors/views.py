"""Pages of doors and keys: parse → access → one service or selector → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multifactory.community.models import (
    Organization,
    Person,
)
from multifactory.core.forms import apply_service_errors
from multifactory.doors import access, selectors, services
from multifactory.doors.forms import (
    AccessPolicyForm,
    DoorControllerForm,
    DoorForm,
    KeyForm,
    KeyIssueForm,
    KeyReturnForm,
)
from multifactory.doors.models import (
    AccessPolicy,
    Door,
    DoorController,
    Key,
    KeyHandover,
)
from multifactory.place import selectors as place_selectors
from multifactory.place.web import (
    active_companies,
    keeper_multifactory,
    member_multifactory,
    people,
)


@login_required
def keys(request, mf):
    """The register of keys and badges, doors, access policies, door controllers and
    the door access log: keys keeper only."""
    multifactory = keeper_multifactory(request, mf)
    return _keys_page(request, multifactory, _keys_forms(request, multifactory))


@login_required
@require_POST
def key_issue(request, mf):
    multifactory = member_multifactory(request, mf)
    access.place_mandate_require(request.user, multifactory)
    form = _key_issue_form(request, multifactory)
    if form.is_valid():
        try:
            services.key_issue(
                by=request.user,
                key=form.cleaned_data["key"],
                holder=form.cleaned_data["holder"],
                organization=Organization.objects.filter(
                    multifactory=multifactory,
                    memberships__person=form.cleaned_data["holder"],
                )
                .order_by("name")
                .first(),
                deposit_paid=form.cleaned_data["deposit_paid"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The hand-over is in the register."))
    else:
        messages.error(request, _("Choose a key and a holder."))
    return redirect("doors:keys", mf=multifactory.slug)


@login_required
@require_POST
def key_return(request, mf, pk):
    multifactory = member_multifactory(request, mf)
    key = access.key_get_for_member(request.user, multifactory, pk)
    form = KeyReturnForm(request.POST, currency=multifactory.currency)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("deposit_returned", []))
        services.key_return(
            by=request.user,
            key=key,
            lost=bool(form.cleaned_data["lost"]),
            deposit_returned=form.cleaned_data["deposit_returned"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("doors:keys", mf=multifactory.slug)


def _key_issue_form(request, multifactory):
    return KeyIssueForm(
        request.POST or None,
        keys=Key.objects.filter(multifactory=multifactory, status="active")
        .exclude(
            pk__in=KeyHandover.objects.filter(returned_on__isnull=True).values("key_id")
        )
        .order_by("label"),
        people=Person.objects.filter(memberships__multifactory=multifactory)
        .distinct()
        .order_by("full_name"),
        currency=multifactory.currency,
    )


def _keys_forms(request, multifactory, bound: str = ""):
    """The forms of the keys page; the one named `bound` reads the request."""
    doors = Door.objects.filter(multifactory=multifactory).order_by("name")
    data = request.POST if request.method == "POST" else None

    def pick(name):
        return data if bound == name else None

    return {
        "issue_form": _key_issue_form(request, multifactory)
        if bound == "issue"
        else _key_issue_form_unbound(multifactory),
        "door_form": DoorForm(
            pick("door"),
            auto_id="door_%s",
            resources=place_selectors.resource_list(multifactory=multifactory),
        ),
        "key_form": KeyForm(
            pick("key"),
            doors=doors,
            auto_id="key_%s",
            currency=multifactory.currency,
        ),
        "policy_form": AccessPolicyForm(
            pick("policy"),
            auto_id="policy_%s",
            doors=doors,
            companies=active_companies(multifactory),
            people=people(multifactory),
        ),
        "controller_form": DoorControllerForm(
            pick("controller"), doors=doors, auto_id="controller_%s"
        ),
    }


def _keys_page(
    request, multifactory, forms, *, status=200, token=None, controller=None
):
    """The keys keeper's page; `token` is a new device token, shown this once."""
    return render(
        request,
        "doors/keys.html",
        {
            "multifactory": multifactory,
            "register": selectors.key_register(multifactory=multifactory),
            "log": selectors.access_log(multifactory=multifactory)[:100],
            "doors": Door.objects.filter(multifactory=multifactory)
            .select_related("resource")
            .order_by("name"),
            "policies": AccessPolicy.objects.filter(multifactory=multifactory)
            .select_related("door", "organization", "person")
            .order_by("name"),
            "controllers": DoorController.objects.filter(multifactory=multifactory)
            .prefetch_related("doors")
            .order_by("name"),
            "today": timezone.localdate(timezone=multifactory.zone),
            "new_token": token,
            "new_token_controller": controller,
            "zone": multifactory.zone,
            **forms,
        },
        status=status,
    )


def _key_issue_form_unbound(multifactory):
    return KeyIssueForm(
        keys=Key.objects.filter(multifactory=multifactory, status="active")
        .exclude(
            pk__in=KeyHandover.objects.filter(returned_on__isnull=True).values("key_id")
        )
        .order_by("label"),
        people=people(multifactory),
        currency=multifactory.currency,
    )


def _keys_post(request, mf, name, act):
    """Run `act(form)` for the keys page form `name`; on success back to the
    page, otherwise the page again with the errors (400)."""
    multifactory = keeper_multifactory(request, mf)
    forms = _keys_forms(request, multifactory, bound=name)
    form = forms[f"{name}_form"]
    if form.is_valid():
        try:
            act(multifactory, form.cleaned_data, form)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("doors:keys", mf=multifactory.slug)
    return _keys_page(request, multifactory, forms, status=400)


@login_required
@require_POST
def door_create(request, mf):
    def act(multifactory, data, form):
        services.door_create(
            by=request.user,
            multifactory=multifactory,
            name=data["name"],
            resource=data["resource"],
        )
        messages.success(request, _("The door is added."))

    return _keys_post(request, mf, "door", act)


@login_required
@require_POST
def key_create(request, mf):
    def act(multifactory, data, form):
        services.key_create(by=request.user, multifactory=multifactory, **data)
        messages.success(request, _("The key or badge is in the register."))

    return _keys_post(request, mf, "key", act)


@login_required
@require_POST
def policy_create(request, mf):
    def act(multifactory, data, form):
        services.access_policy_create(
            by=request.user,
            multifactory=multifactory,
            name=data["name"],
            **form.policy_fields(),
        )
        messages.success(request, _("The access policy is in force."))

    return _keys_post(request, mf, "policy", act)


@login_required
@require_POST
def policy_end(request, mf, pk):
    multifactory = keeper_multifactory(request, mf)
    policy = access.policy_get_for_member(request.user, multifactory, pk)
    try:
        services.access_policy_end(by=request.user, policy=policy)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The access policy “%(name)s” has ended.") % {"name": policy}
        )
    return redirect("doors:keys", mf=multifactory.slug)


@login_required
@require_POST
def controller_create(request, mf):
    """Register a door controller; its device token is shown on this page once."""
    multifactory = keeper_multifactory(request, mf)
    forms = _keys_forms(request, multifactory, bound="controller")
    form = forms["controller_form"]
    if form.is_valid():
        try:
            controller, token = services.door_controller_create(
                by=request.user, multifactory=multifactory, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            fresh = _keys_forms(request, multifactory)
            return _keys_page(
                request, multifactory, fresh, token=token, controller=controller
            )
    return _keys_page(request, multifactory, forms, status=400)


@login_required
@require_POST
def controller_rotate(request, mf, pk):
    multifactory = keeper_multifactory(request, mf)
    controller = access.controller_get_for_member(request.user, multifactory, pk)
    try:
        controller, token = services.door_controller_rotate(
            by=request.user, controller=controller
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("doors:keys", mf=multifactory.slug)
    return _keys_page(
        request,
        multifactory,
        _keys_forms(request, multifactory),
        token=token,
        controller=controller,
    )


@login_required
@require_POST
def controller_revoke(request, mf, pk):
    multifactory = keeper_multifactory(request, mf)
    controller = access.controller_get_for_member(request.user, multifactory, pk)
    try:
        services.door_controller_revoke(by=request.user, controller=controller)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The controller “%(name)s” is revoked: its token no longer works.")
            % {"name": controller},
        )
    return redirect("doors:keys", mf=multifactory.slug)
