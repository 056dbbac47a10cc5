"""The audit trail page: who did what, when, on whose authority."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from multifactory.audit.selectors import audit_event_list
from multifactory.community import access
from multifactory.community.models import Organization

PAGE_SIZE = 50
# The first word of an action names the kind of thing acted on.
ACTION_PREFIXES = [
    ("multifactory.", _("Multifactory")),
    ("organization.", _("Companies")),
    ("membership.", _("Memberships")),
    ("invitation.", _("Invitations")),
    ("mandate.", _("Mandates")),
]


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action starts with"),
        required=False,
        max_length=80,
        help_text=_("For example “mandate.” or “organization.status”."),
        widget=forms.TextInput(attrs={"list": "action-prefixes"}),
    )
    company = forms.ModelChoiceField(
        label=_("Company"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("All companies"),
        to_field_name="slug",
    )

    def __init__(self, *args, multifactory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Organization.objects.filter(
            multifactory=multifactory
        ).order_by("name")


@login_required
def trail(request, mf):
    multifactory = access.multifactory_get_for_member(request.user, mf)
    form = AuditFilterForm(request.GET or None, multifactory=multifactory)
    action, company = "", None
    if form.is_bound and form.is_valid():
        action = form.cleaned_data["action"].strip()
        company = form.cleaned_data["company"]
    events = audit_event_list(
        multifactory=multifactory, action=action, organization=company
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/trail.html",
        {
            "multifactory": multifactory,
            "form": form,
            "page": page,
            "prefixes": ACTION_PREFIXES,
        },
    )
