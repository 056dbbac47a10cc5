"""Who is calling: a personal API token, the browser session, or a visitor.

A token goes in ``Authorization: Bearer mf_…``. A session works too, with the CSRF
header for unsafe methods, so the site's own pages may call the API. Operations that
visitors may read use ``public_auth``; every other operation uses ``person_auth``
(the NinjaAPI default), which answers 401 to visitors.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from multifactory.api.errors import BAD_TOKEN, CSRF_FAILED
from multifactory.api.services import api_token_authenticate


class ApiRequest(HttpRequest):
    """The request an operation receives: django-ninja sets `auth` to whoever the
    operation's authentication let through (a Person, or AnonymousUser under
    `public_auth`). Typed Any: the api helpers sit below community's models."""

    auth: Any


class PersonalToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        person = api_token_authenticate(token) if token else None
        if person is None:
            # A wrong token is an error, never a silent fall-back to a visitor.
            raise AuthenticationError(message=str(BAD_TOKEN))
        request.user = person
        return person


class Session(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        person = getattr(request, "user", None)
        if person is None or not person.is_authenticated:
            return None
        # Only a logged-in browser needs the CSRF check: a visitor has nothing to lose.
        if check_csrf(request) is not None:
            raise HttpError(403, str(CSRF_FAILED))
        return person


class Visitor(AuthBase):
    """Lets a visitor through as AnonymousUser when no credentials were sent."""

    openapi_type = "visitor"  # never shown: see MultifactoryAPI.get_openapi_schema

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization"):
            raise AuthenticationError(message=str(BAD_TOKEN))
        return AnonymousUser()


person_auth = [PersonalToken(), Session()]
public_auth = [*person_auth, Visitor()]


def person_of(request: HttpRequest):
    """The calling Person, or AnonymousUser for a visitor of a public operation."""
    auth = getattr(request, "auth", None)
    return auth if auth is not None else AnonymousUser()
