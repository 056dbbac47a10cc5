"""The notifications inbox and each person's notification preferences."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multifactory.core.inputs import row_id
from multifactory.notifications import selectors
from multifactory.notifications.kinds import KINDS
from multifactory.notifications.services import (
    notification_mark_read,
    notification_preference_set,
)

PAGE_SIZE = 30


@login_required
def inbox(request):
    only_unread = request.GET.get("show") == "unread"
    notifications = selectors.notification_list(
        person=request.user, unread_only=only_unread
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "only_unread": only_unread},
    )


@login_required
@require_POST
def mark_read(request):
    """Mark one notification read; with `go`, follow its link afterwards."""
    notification_id = row_id(request.POST.get("notification"))
    if notification_id is None:
        return redirect("notifications:inbox")
    notification_mark_read(person=request.user, notification_ids=[notification_id])
    target = request.POST.get("go", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = notification_mark_read(person=request.user)
    messages.success(
        request,
        _("%(count)d notifications marked read.") % {"count": count}
        if count != 1
        else _("1 notification marked read."),
    )
    return redirect("notifications:inbox")


def _preference_form(kinds, saved, data=None):
    fields = {}
    for kind in kinds:
        preference = saved.get(kind.code)
        fields[f"{kind.code}__in_app"] = forms.BooleanField(
            label=_("In the app"),
            required=False,
            initial=preference.in_app if preference else True,
        )
        fields[f"{kind.code}__email"] = forms.BooleanField(
            label=_("By e-mail"),
            required=False,
            initial=preference.email if preference else kind.email,
        )
    return type("PreferenceForm", (forms.Form,), fields)(data)


@login_required
def preferences(request):
    kinds = sorted(KINDS.values(), key=lambda kind: str(kind.label))
    saved = selectors.notification_preferences_of(person=request.user)
    form = _preference_form(
        kinds, saved, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        for kind in kinds:
            notification_preference_set(
                person=request.user,
                kind=kind.code,
                in_app=form.cleaned_data[f"{kind.code}__in_app"],
                email=form.cleaned_data[f"{kind.code}__email"],
            )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    rows = [
        (kind, form[f"{kind.code}__in_app"], form[f"{kind.code}__email"])
        for kind in kinds
    ]
    return render(
        request, "notifications/preferences.html", {"form": form, "rows": rows}
    )
