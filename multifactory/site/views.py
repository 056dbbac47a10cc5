"""The pages that bring the apps together: home, founding a multifactory, language,
profile and API tokens, accepting an invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from multifactory.api import selectors as api_selectors
from multifactory.api import services as api_services
from multifactory.api.models import ApiToken
from multifactory.community import selectors
from multifactory.community import services as community_services
from multifactory.core.forms import apply_service_errors, message_service_errors
from multifactory.site.forms import (
    ApiTokenForm,
    InvitationNewcomerForm,
    MultifactoryFoundForm,
    ProfileForm,
)


def home(request):
    form = MultifactoryFoundForm() if request.user.is_authenticated else None
    return _home_page(request, found_form=form)


def _home_page(request, *, found_form, status=200):
    return render(
        request,
        "site/home.html",
        {
            "public_multifactories": selectors.multifactory_list_public(),
            "my_multifactories": selectors.multifactories_of(request.user),
            "found_form": found_form,
        },
        status=status,
    )


@login_required
@require_POST
def multifactory_found(request):
    form = MultifactoryFoundForm(request.POST)
    if form.is_valid():
        try:
            multifactory = community_services.multifactory_create(
                by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is founded. You hold its founding mandate.")
                % {"name": multifactory.name},
            )
            return redirect(multifactory)
    return _home_page(request, found_form=form, status=400)


@require_POST
def language_set(request):
    """Django's set_language (cookie + redirect), and a logged-in person keeps the
    choice in their profile so e-mails and notifications follow it too."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and check_for_language(language)
        and language != request.user.language
    ):
        community_services.person_update_profile(
            by=request.user, person=request.user, language=language
        )
    return response


@login_required
def profile(request):
    person = request.user
    initial = {"full_name": person.full_name, "language": person.language}
    form = ProfileForm(initial=initial)
    if request.method == "POST":
        form = ProfileForm(request.POST, initial=initial)
        if form.is_valid():
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                community_services.person_update_profile(
                    by=person, person=person, **changed
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                response = redirect("profile")
                # The page language follows the saved preference from now on.
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME, person.language, samesite="Lax"
                )
                return response
        person.refresh_from_db()
    return _profile_page(request, form=form, status=400 if form.errors else 200)


def _profile_page(request, *, form=None, token_form=None, new_token="", status=200):
    tokens = api_selectors.api_token_list(person=request.user)
    return render(
        request,
        "site/profile.html",
        {
            "form": form
            or ProfileForm(
                initial={
                    "full_name": request.user.full_name,
                    "language": request.user.language,
                }
            ),
            "token_form": token_form or ApiTokenForm(),
            "tokens": tokens,
            "new_token": new_token,
        },
        status=status,
    )


@login_required
@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _api_token, token = api_services.api_token_create(
                by=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            # Shown in this response only: the token is stored as a hash.
            return _profile_page(request, new_token=token)
    return _profile_page(request, token_form=form, status=400)


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    api_token = get_object_or_404(ApiToken, pk=pk, person=request.user)
    try:
        api_services.api_token_revoke(by=request.user, api_token=api_token)
    except ValidationError as error:
        message_service_errors(request, error)
    else:
        messages.success(request, _("The token is revoked."))
    return redirect("profile")


def invitation_accept(request, token: str):
    """A newcomer sets a name and password; a logged-in person with the invited
    e-mail joins with one click; anything else gets a page that says why not."""
    try:
        invitation = community_services.invitation_check(token)
    except ValidationError as error:
        return render(
            request,
            "site/invitation_invalid.html",
            {"reason": " ".join(error.messages)},
            status=410 if error.code in {"expired", "accepted", "revoked"} else 404,
        )
    person = request.user if request.user.is_authenticated else None
    wrong_person = person is not None and person.email.lower() != invitation.email
    form = None if person else InvitationNewcomerForm(email=invitation.email)
    status = 200
    if request.method == "POST" and not wrong_person:
        if person is None:
            form = InvitationNewcomerForm(request.POST, email=invitation.email)
        if person is not None or (form is not None and form.is_valid()):
            fields = (
                {}
                if person or form is None
                else {
                    "full_name": form.cleaned_data["full_name"],
                    "password": form.cleaned_data["password1"],
                }
            )
            try:
                membership = community_services.invitation_accept(
                    token=token, person=person, **fields
                )
            except ValidationError as error:
                if form is None:
                    return render(
                        request,
                        "site/invitation_invalid.html",
                        {"reason": " ".join(error.messages)},
                        status=400,
                    )
                apply_service_errors(form, error)
            else:
                if person is None:
                    login(
                        request,
                        membership.person,
                        backend="django.contrib.auth.backends.ModelBackend",
                    )
                messages.success(
                    request,
                    _("Welcome to %(company)s!")
                    % {"company": membership.organization.name},
                )
                return redirect(membership.organization)
        status = 400
    return render(
        request,
        "site/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "wrong_person": wrong_person,
            "wrong_person_message": community_services.INVITATION_WRONG_PERSON
            % {"email": invitation.email},
        },
        status=status,
    )
