"""One error format for the whole API.

Every failure answers ``{"error": {"code": ..., "message": ..., "fields": {...}}}``,
whatever raised it: a service (Django ``ValidationError``), an access function
(``PermissionDenied``, ``Http404``), authentication, or ninja's own validation of the
request. Bad input is never a server error.
"""

import json

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from multifactory.core.throttle import Throttled

NOT_AUTHENTICATED = _(
    "Log in, or send a personal API token as “Authorization: Bearer mf_…”."
)
BAD_TOKEN = _("This API token is not valid: it may have been revoked.")
FORBIDDEN = _("You are not allowed to do this.")
NOT_FOUND = _("Nothing lives at this address.")
INVALID = _("Some fields are not valid: see “fields”.")
INVALID_REQUEST = _("The request is not valid: see “fields”.")
CONFLICT = _("This conflicts with existing data.")
UNSTORABLE = _("The request contains values that cannot be stored.")
BODY_NOT_JSON = _("The request body is not valid JSON.")
BODY_NOT_AN_OBJECT = _(
    'The request body must be a JSON object, e.g. {"name": "…"}; '
    "send {} when there is nothing to say."
)
CSRF_FAILED = _(
    "The CSRF check failed: send the X-CSRFToken header with a session, "
    "or use an API token."
)

# The status a plain HttpError turns into, and the code that names it.
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "throttled",
}
# Documented on every operation of the OpenAPI document (see MultifactoryAPI).
ERROR_STATUSES = (400, 401, 403, 404, 409, 422)


class BodyNotAnObject(ValueError):
    """The body parsed as JSON but is a string, number, list, true or null."""


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorDetail


def error_body(code: str, message, fields: dict | None = None) -> dict:
    return {
        "error": {
            "code": code,
            "message": str(message),
            "fields": {
                name: [str(text) for text in texts]
                for name, texts in (fields or {}).items()
            },
        }
    }


def _messages(error: DjangoValidationError) -> tuple[str, dict[str, list[str]]]:
    """The message and per-field messages of a Django ValidationError."""
    if hasattr(error, "error_dict"):
        fields = {
            name: [str(message) for message in messages]
            for name, messages in error.message_dict.items()
        }
        general = fields.pop(NON_FIELD_ERRORS, [])
        return (general[0] if general else str(INVALID)), fields
    messages = [str(message) for message in error.messages]
    return (messages[0] if messages else str(INVALID)), {}


def _field_name(loc: tuple | list) -> str:
    """("body", "payload", "name") → "name"; ("query", "limit") → "limit"."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    # ninja nests the body under the view's argument name.
    if len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _abandon_transaction() -> None:
    """The database refused a statement and we answer instead of raising: inside an
    atomic block (ATOMIC_REQUESTS, a test) the transaction is unusable now, so have it
    rolled back rather than carried on with."""
    if not connection.in_atomic_block:
        return
    # psycopg refuses some values (NUL characters) before sending anything: the
    # transaction is intact then, and only a failed statement spoils it.
    info = getattr(connection.connection, "info", None)
    status = getattr(info, "transaction_status", None)
    if status is not None and status.name != "INERROR":
        return
    transaction.set_rollback(True)


def install(api) -> None:
    """Register the handlers that give every failure the one error format."""

    def respond(request, status: int, code: str, message, fields=None):
        return api.create_response(
            request, error_body(code, message, fields), status=status
        )

    def on_validation_error(request: HttpRequest, exc: DjangoValidationError):
        message, fields = _messages(exc)
        return respond(request, 422, "invalid", message, fields)

    def on_request_invalid(request: HttpRequest, exc: NinjaValidationError):
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_field_name(error.get("loc", ())), []).append(
                str(error.get("msg", ""))
            )
        return respond(request, 422, "invalid", INVALID_REQUEST, fields)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied):
        return respond(request, 403, "permission_denied", str(exc) or FORBIDDEN)

    def on_not_found(request: HttpRequest, exc: Exception):
        message = str(exc) if isinstance(exc, Http404) and str(exc) else NOT_FOUND
        return respond(request, 404, "not_found", message)

    def on_authentication(request: HttpRequest, exc: AuthenticationError):
        message = exc.message if exc.message != "Unauthorized" else NOT_AUTHENTICATED
        response = respond(request, 401, "not_authenticated", message)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_http_error(request: HttpRequest, exc: HttpError):
        code = CODES.get(exc.status_code, "error")
        message: str | Promise = exc.message
        # ninja wraps whatever the parser raised in "Cannot parse request body".
        if isinstance(exc.__cause__, BodyNotAnObject):
            message = BODY_NOT_AN_OBJECT
        elif isinstance(exc.__cause__, ValueError):  # json.JSONDecodeError
            message = BODY_NOT_JSON
        return respond(request, exc.status_code, code, message)

    def on_integrity_error(request: HttpRequest, exc: IntegrityError):
        _abandon_transaction()
        return respond(request, 409, "conflict", CONFLICT)

    def on_overflow(request: HttpRequest, exc: OverflowError):
        # SQLite's way of refusing a number larger than 64 bits.
        return respond(request, 422, "invalid", UNSTORABLE)

    def on_data_error(request: HttpRequest, exc: DataError):
        # PostgreSQL refuses NUL characters and numbers out of range: the input's fault.
        _abandon_transaction()
        return respond(request, 422, "invalid", UNSTORABLE)

    def on_throttled(request: HttpRequest, exc: Throttled):
        response = respond(request, 429, "throttled", str(exc))
        response["Retry-After"] = str(exc.retry_after)
        return response

    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(DjangoValidationError, on_validation_error)
    api.add_exception_handler(NinjaValidationError, on_request_invalid)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(ObjectDoesNotExist, on_not_found)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(IntegrityError, on_integrity_error)
    api.add_exception_handler(DataError, on_data_error)
    api.add_exception_handler(OverflowError, on_overflow)


def not_found_view(request: HttpRequest, rest: str = "") -> HttpResponse:
    """JSON 404 for addresses under /api/v1/ that no operation answers."""
    return HttpResponse(
        json.dumps(error_body("not_found", NOT_FOUND)),
        status=404,
        content_type="application/json; charset=utf-8",
    )
