"""The machinery of the authorization matrix: which routes and operations exist, how to
fill their addresses from the matrix's world, and how to read an answer.

The expectations themselves live in `tests/test_authorization_matrix.py`.
"""

import re
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz_world import PERSONAS

API_PREFIX = "api/v1/"

# What an answer means for access.
ALLOWED = "allowed"  # got past every access check (2xx, 3xx elsewhere, 400, 409, 422)
REFUSED = "refused"  # 401, 403, 404, or a redirect to the login page
UNCHECKED = "unchecked"  # the API refused the request's shape before any access check
SERVER_ERROR = "server error"
NOT_ALLOWED_METHOD = "method not allowed"
THROTTLED = "throttled"


@dataclass(frozen=True)
class Expect:
    """Who gets past the access checks of one route or operation, per method.

    `methods` maps an HTTP method to the personas allowed; every other persona must
    be refused. `args` names the world's objects that fill the address (e.g.
    {"pk": "booking"}); `body` is the harmless body of an API write (a callable of
    the world). `fixes` maps (method, persona) or method to the finding of issue 7
    that today's main gets wrong: the expectation is the correct one, and the case
    is marked xfail(strict) until the fix is merged.
    """

    methods: dict
    args: dict = field(default_factory=dict)
    body: object = None
    fixes: dict = field(default_factory=dict)
    note: str = ""
    query: object = None
    # Personas refused only because of the object's state (a proposer may close a
    # proposal once its window is over): a page may show them the button.
    refused_by_state: frozenset = frozenset()

    def with_query(self, query) -> "Expect":
        return replace(self, query=query)

    def fix_for(self, method: str, persona: str) -> str | None:
        return self.fixes.get((method, persona)) or self.fixes.get(method)


def expect(
    *, args=None, body=None, fixes=None, note="", refused_by_state=(), **methods
) -> Expect:
    unknown = {
        persona
        for allowed in methods.values()
        for persona in allowed
        if persona not in PERSONAS
    }
    assert not unknown, f"not personas: {unknown}"
    return Expect(
        methods={method: frozenset(allowed) for method, allowed in methods.items()},
        args=args or {},
        body=body,
        fixes=dict(fixes or {}),
        note=note,
        refused_by_state=frozenset(refused_by_state),
    )


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, (f"{namespace}{pattern.name}" if pattern.name else None)


def web_routes() -> dict[str, str]:
    """Every named page of the site (URL name → route), the API aside."""
    routes = {}
    for route, name in _walk(get_resolver().url_patterns):
        if route.lstrip("^").startswith(API_PREFIX):
            continue
        # An unnamed pattern (the admin's redirect of old object addresses) is
        # known by its route.
        routes.setdefault(name or route, route)
    return routes


def api_operations() -> dict[str, tuple[str, str]]:
    """Every operation of the OpenAPI document: operationId → (method, path)."""
    from multifactory.site.api_urls import api

    schema = api.get_openapi_schema()
    operations = {}
    for path, items in schema["paths"].items():
        for method, operation in items.items():
            operations[operation["operationId"]] = (method.upper(), path)
    return operations


def web_url(name: str, kwargs: dict) -> str:
    return reverse(name, kwargs=kwargs)


def classify(response, *, api: bool) -> str:
    status = response.status_code
    if status >= 500:
        return SERVER_ERROR
    if status == 429:
        return THROTTLED
    if status == 405:
        return NOT_ALLOWED_METHOD
    if status in (401, 403, 404):
        return REFUSED
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        login = reverse(settings.LOGIN_URL)
        if location.startswith(login) or "/operator/login/" in location:
            return REFUSED
    if api and status == 422:
        from multifactory.api.errors import INVALID_REQUEST

        if response.json()["error"]["message"] == str(INVALID_REQUEST):
            return UNCHECKED
    return ALLOWED


def describe(response) -> str:
    body = b"(a file)" if response.streaming else response.content[:300]
    text = body.decode(errors="replace")
    location = response.get("Location", "")
    return f"{response.status_code} {location} {text!r}"


_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def route_parameters(route: str) -> set[str]:
    return {a or b for a, b in _PARAMETER.findall(route)}


def web_path(name: str, route: str, kwargs: dict) -> str:
    """The address of a named route by reversing it; of an unnamed one (known by its
    route) by filling its parameters in."""
    if name != route:
        return reverse(name, kwargs=kwargs)

    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")
