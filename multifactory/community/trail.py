"""The audit trail page: who did what, when, on whose authority.

Audit (below community) records; reading a multifactory's trail is for its members,
so the page lives here, above the membership rules it needs."""

from typing import cast

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from multifactory.audit import actions
from multifactory.audit.selectors import audit_event_list
from multifactory.community.decorators import member_view
from multifactory.community.models import Organization

PAGE_SIZE = 50


class ActionField(forms.ChoiceField):
    """One registered action, chosen by its label. A code prefix such as "mandate."
    (the API's filter, and links written before the labels) is still accepted."""

    def valid_value(self, value) -> bool:
        return super().valid_value(value) or (
            value.endswith(".") and actions.is_prefix(value)
        )


class AuditFilterForm(forms.Form):
    action = ActionField(label=_("What happened"), required=False)
    company = forms.ModelChoiceField(
        label=_("Company"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("All companies"),
        to_field_name="slug",
    )

    def __init__(self, *args, multifactory, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: the labels are in the person's language.
        everything: list[tuple[str, str | Promise]] = [("", _("Everything"))]
        cast(forms.ChoiceField, self.fields["action"]).choices = (
            everything + actions.choices()
        )
        cast(
            forms.ModelChoiceField, self.fields["company"]
        ).queryset = Organization.objects.filter(multifactory=multifactory).order_by(
            "name"
        )


@member_view
def trail(request, multifactory):
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
        "community/trail.html",
        {
            "multifactory": multifactory,
            "form": form,
            "page": page,
        },
    )
