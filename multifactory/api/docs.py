"""The interactive API documentation, served with no CDN.

Swagger UI's files ship inside django-ninja (``ninja/static/ninja``) and are served by
this server like every other asset; the page respects the site's CSP (scripts are
same-origin and carry the request's nonce).
"""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        return render(
            request,
            "api/docs.html",
            {"api": api, "swagger_settings": json.dumps(settings)},
        )
