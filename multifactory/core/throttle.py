"""Throttles: how often one client may knock on a door that sends e-mail, costs a
guess at a secret, or opens a real door.

Counting is django-ratelimit's (fixed windows in Django's cache, `settings.CACHES`);
the rates are `settings.THROTTLE_RATES`, one per scope. Logins are throttled by
django-axes instead (failures per account and per address, see settings.AXES_*).
A throttled page answers the translated 429 page (core.views.permission_denied), a
throttled API operation the one error format with code "throttled" (api/errors.py).
"""

import ipaddress
import math
from collections.abc import Callable

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

THROTTLED = _("Too many requests of this kind came from you.")


class Throttled(Ratelimited):
    """Raised past a scope's rate; a PermissionDenied, so nothing is done."""

    def __init__(self, scope: str, seconds_left: int):
        self.scope = scope
        self.retry_after = max(1, seconds_left)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        minutes = math.ceil(self.retry_after / 60)
        wait = ngettext(
            "Wait %(minutes)d minute and try again.",
            "Wait %(minutes)d minutes and try again.",
            minutes,
        ) % {"minutes": minutes}
        return f"{THROTTLED} {wait}"

    def __str__(self) -> str:
        # Rendered late, in the language of the response.
        return self.message


def client_ip(request: HttpRequest) -> str:
    """The address of the client. Behind the HTTPS proxy (BEHIND_HTTPS_PROXY) it is
    the last address of X-Forwarded-For, the one nginx appended: the earlier ones
    are the client's to invent. Without a proxy it is the connection's address."""
    address = request.META.get("REMOTE_ADDR") or ""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if forwarded[-1].strip():
            address = forwarded[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return address or "unknown"


def _by_address(group: str, request: HttpRequest) -> str:
    address = client_ip(request)
    if ":" in address:  # one IPv6 client usually holds a whole /64
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


def by_post_field(name: str) -> Callable[[str, HttpRequest], str]:
    """Key on a posted field (an e-mail address), case and spaces ignored."""
    return lambda group, request: request.POST.get(name, "").strip().lower()


def by_value(value: str) -> Callable[[str, HttpRequest], str]:
    return lambda group, request: value


def throttle(request: HttpRequest, scope: str, *, key=None) -> None:
    """Count this request in `scope` (by client address unless `key` says what to
    count by) and raise Throttled once the scope's rate is exceeded."""
    usage = get_usage(
        request,
        group=f"multifactory.{scope}",
        key=key or _by_address,
        rate=settings.THROTTLE_RATES[scope],
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        raise Throttled(scope, usage["time_left"])


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account a login names, as axes counts it: e-mail addresses are matched
    without regard to case, so “Ada@x” and “ada@x” are one account."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes's backend, for logins over HTTP only. An authentication without a
    request (a test client's `login()`, a management command) has no client address
    and no one guessing at a form: axes would refuse it outright, we let the next
    backend decide."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
