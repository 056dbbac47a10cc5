"""The NinjaAPI of multifactory: auth, error format and OpenAPI document for all apps."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE
from ninja.parser import Parser

from multifactory.api import errors
from multifactory.api.auth import Visitor, person_auth
from multifactory.api.docs import LocalSwagger

DESCRIPTION = _(
    "The JSON API of multifactory. Authenticate with a personal API token "
    "(“Authorization: Bearer mf_…”, created on your profile page) or with the "
    "browser session. Every error answers "
    '{"error": {"code", "message", "fields"}}; every list is paginated with '
    "limit and offset. See docs/api.md."
)


class ObjectParser(Parser):
    """Request bodies are JSON objects. ninja's schemas would otherwise read the
    attributes of whatever else arrives (a string's `title` method made an incident
    called "Aaa"), so anything but an object is refused before any schema sees it."""

    def parse_body(self, request):
        data = super().parse_body(request)
        # ninja parses each part of a multipart body on its own (a bare string
        # then): that request stand-in has no content type, a real request has one.
        if getattr(request, "content_type", None) is None:
            return data
        if not isinstance(data, dict):
            raise errors.BodyNotAnObject(type(data).__name__)
        return data


class MultifactoryAPI(NinjaAPI):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        errors.install(self)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        _document_errors(schema)
        _document_visitors(schema)
        return schema


def _document_errors(schema) -> None:
    """Every operation may answer with the one error format: say so in the document,
    so clients (and schemathesis) can rely on it for routers added later too."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(
        errors.ErrorOut.model_json_schema(ref_template=REF_TEMPLATE).pop("$defs", {})
    )
    components["ErrorOut"] = {
        key: value
        for key, value in errors.ErrorOut.model_json_schema(
            ref_template=REF_TEMPLATE
        ).items()
        if key != "$defs"
    }
    reference = {"$ref": REF_TEMPLATE.format(model="ErrorOut")}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in errors.ERROR_STATUSES:
                responses.setdefault(
                    status,
                    {
                        "description": errors.CODES[status].replace("_", " "),
                        "content": {"application/json": {"schema": reference}},
                    },
                )


def _document_visitors(schema) -> None:
    """A visitor is "no credentials": an empty security requirement in OpenAPI."""
    name = Visitor.__name__
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            security = operation.get("security")
            if security:
                operation["security"] = [
                    {} if name in requirement else requirement
                    for requirement in security
                ]
    schemes = schema.get("components", {}).get("securitySchemes", {})
    schemes.pop(name, None)


def build_api() -> MultifactoryAPI:
    return MultifactoryAPI(
        title="multifactory",
        version="1",
        description=str(DESCRIPTION),
        auth=person_auth,
        docs=LocalSwagger(),
        parser=ObjectParser(),
        urls_namespace="api",
    )
