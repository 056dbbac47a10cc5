"""Community pages: the multifactory, its member companies, people and mandates.

Each view parses input, asks `access` for the objects (which checks tenancy and
permission), then calls one service or selector and renders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multifactory.community import access, selectors, services
from multifactory.community.decorators import member_view, multifactory_view
from multifactory.community.forms import (
    DirectoryFilterForm,
    InvitationForm,
    MandateGrantForm,
    MandateRevokeForm,
    MultifactorySettingsForm,
    OrganizationCreateForm,
    OrganizationProfileForm,
    OrganizationStatusForm,
    RoleForm,
    SearchForm,
)
from multifactory.community.models import (
    MandateKind,
    Multifactory,
    Organization,
    Role,
)
from multifactory.core.forms import apply_service_errors, message_service_errors
from multifactory.core.throttle import by_value, throttle

PAGE_SIZE = 24


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _is_founder(person, multifactory: Multifactory) -> bool:
    return access.active_mandate(person, multifactory, MandateKind.FOUNDER) is not None


def _changed(form) -> dict:
    """Only what the person changed, so the audit trail shows a precise diff."""
    return {name: form.cleaned_data[name] for name in form.changed_data}


# The multifactory -----------------------------------------------------------------


@multifactory_view
def multifactory_home(request, multifactory):
    return render(
        request,
        "community/multifactory.html",
        {
            "multifactory": multifactory,
            "is_member": access.is_member_of(request.user, multifactory),
            "is_founder": _is_founder(request.user, multifactory),
        },
    )


@login_required
@multifactory_view
def multifactory_settings(request, multifactory):
    access.mandate_require(request.user, multifactory, MandateKind.FOUNDER)
    initial = model_to_dict(multifactory, fields=MultifactorySettingsForm.base_fields)
    form = MultifactorySettingsForm(initial=initial)
    if request.method == "POST":
        form = MultifactorySettingsForm(request.POST, initial=initial)
        if form.is_valid():
            try:
                services.multifactory_update(
                    by=request.user, multifactory=multifactory, **_changed(form)
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The settings are saved."))
                return redirect(multifactory)
        multifactory.refresh_from_db()
    return render(
        request,
        "community/multifactory_settings.html",
        {"multifactory": multifactory, "form": form},
        status=400 if form.errors else 200,
    )


# Member companies -----------------------------------------------------------------


@multifactory_view
def directory(request, multifactory):
    is_member = access.is_member_of(request.user, multifactory)
    form = DirectoryFilterForm(request.GET or None, is_member=is_member)
    filters = {}
    if form.is_bound:
        form.is_valid()  # invalid choices are shown on the form and ignored
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    organizations = selectors.organization_list(
        viewer=request.user,
        multifactory=multifactory,
        kind=filters.get("kind", ""),
        sector=filters.get("sector", ""),
        stage=filters.get("stage", ""),
        status=filters.get("status", ""),
        search=filters.get("q", ""),
    )
    return render(
        request,
        "community/directory.html",
        {
            "multifactory": multifactory,
            "form": form,
            "page": _page(request, organizations),
            "is_member": is_member,
            "is_founder": _is_founder(request.user, multifactory),
        },
    )


def _can_write(person, organization: Organization) -> bool:
    try:
        access.organization_write_authority(person, organization)
    except PermissionDenied:
        return False
    return True


def _organization_page(
    request,
    multifactory,
    organization,
    *,
    invitation_form=None,
    status_form=None,
    action_error="",
    status=200,
):
    person = request.user
    is_member = access.is_member_of(person, multifactory)
    can_write = _can_write(person, organization)
    is_founder = _is_founder(person, multifactory)
    context = {
        "multifactory": multifactory,
        "organization": organization,
        "is_member": is_member,
        "can_write": can_write,
        "is_founder": is_founder,
        "memberships": selectors.membership_list(organization=organization)
        if is_member or can_write
        else [],
        "roles": Role.choices,
        "action_error": action_error,
    }
    if can_write:
        context["invitations"] = selectors.invitation_list_pending(
            organization=organization
        )
        context["invitation_form"] = invitation_form or InvitationForm()
    if is_founder:
        context["status_form"] = status_form or OrganizationStatusForm(
            current=organization.status
        )
    return render(request, "community/organization.html", context, status=status)


@multifactory_view
def organization_detail(request, multifactory, org):
    organization = access.organization_get_for_person(request.user, multifactory, org)
    return _organization_page(request, multifactory, organization)


@login_required
@multifactory_view
def organization_create(request, multifactory):
    access.mandate_require(request.user, multifactory, MandateKind.FOUNDER)
    form = OrganizationCreateForm()
    if request.method == "POST":
        form = OrganizationCreateForm(request.POST)
        if form.is_valid():
            try:
                organization = services.organization_create(
                    by=request.user, multifactory=multifactory, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is recorded. Invite its people from this page.")
                    % {"name": organization.name},
                )
                return redirect(organization)
    return render(
        request,
        "community/organization_create.html",
        {"multifactory": multifactory, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@multifactory_view
def organization_edit(request, multifactory, org):
    organization = access.organization_get_for_person(
        request.user, multifactory, org, write=True
    )
    initial = model_to_dict(organization, fields=OrganizationProfileForm.base_fields)
    form = OrganizationProfileForm(initial=initial)
    if request.method == "POST":
        form = OrganizationProfileForm(request.POST, initial=initial)
        if form.is_valid():
            try:
                services.organization_update_profile(
                    by=request.user, organization=organization, **_changed(form)
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The company profile is saved."))
                return redirect(organization)
        organization.refresh_from_db()
    return render(
        request,
        "community/organization_edit.html",
        {"multifactory": multifactory, "organization": organization, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@multifactory_view
def organization_status(request, multifactory, org):
    organization = access.organization_get_for_person(request.user, multifactory, org)
    access.mandate_require(request.user, multifactory, MandateKind.FOUNDER)
    form = OrganizationStatusForm(request.POST, current=organization.status)
    if form.is_valid():
        try:
            services.organization_set_status(
                by=request.user,
                organization=organization,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now: %(status)s.")
                % {
                    "name": organization.name,
                    "status": organization.get_status_display(),
                },
            )
            return redirect(organization)
        organization.refresh_from_db()
    return _organization_page(
        request, multifactory, organization, status_form=form, status=400
    )


# Memberships and invitations ------------------------------------------------------


@login_required
@require_POST
@multifactory_view
def invitation_create(request, multifactory, org):
    organization = access.organization_get_for_person(
        request.user, multifactory, org, write=True
    )
    form = InvitationForm(request.POST)
    if form.is_valid():
        throttle(request, "invitation", key=by_value(str(request.user.pk)))
        try:
            invitation, _token = services.invitation_create(
                by=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.")
                % {"email": invitation.email},
            )
            return redirect(organization)
    return _organization_page(
        request, multifactory, organization, invitation_form=form, status=400
    )


@login_required
@require_POST
@multifactory_view
def invitation_revoke(request, multifactory, org, pk):
    organization = access.organization_get_for_person(
        request.user, multifactory, org, write=True
    )
    invitation = access.invitation_get_for_writer(request.user, multifactory, pk)
    if invitation.organization_id != organization.pk:
        raise Http404(_("No such invitation."))
    try:
        services.invitation_revoke(by=request.user, invitation=invitation)
    except ValidationError as error:
        return _organization_page(
            request,
            multifactory,
            organization,
            action_error=" ".join(error.messages),
            status=400,
        )
    messages.success(
        request,
        _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email},
    )
    return redirect(organization)


@login_required
@require_POST
@multifactory_view
def membership_role(request, multifactory, org, pk):
    organization = access.organization_get_for_person(
        request.user, multifactory, org, write=True
    )
    membership = access.membership_get_for_writer(
        request.user, multifactory, pk, organization=organization
    )
    form = RoleForm(request.POST)
    error_text = ""
    if form.is_valid():
        try:
            services.membership_set_role(
                by=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            error_text = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {
                    "person": membership.person,
                    "role": membership.get_role_display(),
                },
            )
            return redirect(organization)
    else:
        error_text = " ".join(map(str, form.errors.get("role", [])))
    return _organization_page(
        request, multifactory, organization, action_error=error_text, status=400
    )


@login_required
@require_POST
@multifactory_view
def membership_remove(request, multifactory, org, pk):
    """A representative removes a person; anyone may leave a company themselves."""
    organization = access.organization_get_for_person(request.user, multifactory, org)
    membership = access.membership_get_for_writer(
        request.user, multifactory, pk, organization=organization, leaving=True
    )
    try:
        services.membership_remove(by=request.user, membership=membership)
    except ValidationError as error:
        return _organization_page(
            request,
            multifactory,
            organization,
            action_error=" ".join(error.messages),
            status=400,
        )
    if membership.person_id == request.user.pk:
        messages.success(
            request, _("You left %(company)s.") % {"company": organization.name}
        )
        return redirect(multifactory)
    messages.success(
        request,
        _("%(person)s no longer belongs to %(company)s.")
        % {"person": membership.person, "company": organization.name},
    )
    return redirect(organization)


# People ---------------------------------------------------------------------------


@member_view
def people(request, multifactory):
    form = SearchForm(request.GET or None)
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    return render(
        request,
        "community/people.html",
        {
            "multifactory": multifactory,
            "form": form,
            "page": _page(
                request,
                selectors.person_list(multifactory=multifactory, search=search),
            ),
        },
    )


@login_required
@multifactory_view
def person_detail(request, multifactory, person_id):
    person = access.person_get_for_member(request.user, multifactory, person_id)
    person = selectors.person_list(multifactory=multifactory).get(pk=person.pk)
    return render(
        request,
        "community/person.html",
        {
            "multifactory": multifactory,
            "person": person,
            "mandates": selectors.mandate_list(
                multifactory=multifactory, person=person
            ),
        },
    )


# Mandates -------------------------------------------------------------------------


def _mandates_page(request, multifactory, *, grant_form=None, status=200):
    mandates = list(
        selectors.mandate_list(multifactory=multifactory, active_only=False)
    )
    today = multifactory.today()
    is_founder = _is_founder(request.user, multifactory)
    context = {
        "multifactory": multifactory,
        "active": [m for m in mandates if m.is_active(today)],
        "past": [m for m in mandates if not m.is_active(today)],
        "is_founder": is_founder,
    }
    if is_founder:
        context["grant_form"] = grant_form or MandateGrantForm(
            people=selectors.person_list(multifactory=multifactory)
        )
        context["revoke_form"] = MandateRevokeForm()
    return render(request, "community/mandates.html", context, status=status)


@member_view
def mandates(request, multifactory):
    return _mandates_page(request, multifactory)


@login_required
@require_POST
@multifactory_view
def mandate_grant(request, multifactory):
    access.mandate_require(request.user, multifactory, MandateKind.FOUNDER)
    form = MandateGrantForm(
        request.POST, people=selectors.person_list(multifactory=multifactory)
    )
    if form.is_valid():
        try:
            mandate = services.mandate_grant(
                by=request.user, multifactory=multifactory, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Mandate granted: %(mandate)s.") % {"mandate": mandate}
            )
            return redirect("community:mandates", mf=multifactory.slug)
    return _mandates_page(request, multifactory, grant_form=form, status=400)


@login_required
@require_POST
@multifactory_view
def mandate_revoke(request, multifactory, pk):
    access.mandate_require(request.user, multifactory, MandateKind.FOUNDER)
    mandate = (
        selectors.mandate_list(multifactory=multifactory, active_only=False)
        .filter(pk=pk)
        .first()
    )
    if mandate is None:
        raise Http404(_("No such mandate in this multifactory."))
    form = MandateRevokeForm(request.POST)
    form.is_valid()
    try:
        services.mandate_revoke(
            by=request.user, mandate=mandate, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        message_service_errors(request, error)
    else:
        messages.success(
            request, _("Mandate revoked: %(mandate)s.") % {"mandate": mandate}
        )
    return redirect("community:mandates", mf=multifactory.slug)
