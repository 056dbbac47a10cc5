"""Helpers for API tests of every capability.

    api = ApiClient(world.owner)          # a personal token for Olga
    response = api.get("/api/v1/m/r84-test/companies")
    assert response.status_code == 200, response.json()

``ApiClient(None)`` is a visitor: no credentials at all.
"""

import json
from typing import Any

from django.test import Client

from multifactory.api.services import api_token_create


class ApiClient:
    def __init__(self, person=None):
        self.person = person
        self.client = Client()
        self.headers = {}
        if person is not None:
            _api_token, token = api_token_create(by=person, name="tests")
            self.headers["Authorization"] = f"Bearer {token}"

    def _send(self, method: str, path: str, data=None, **params):
        kwargs: dict[str, Any] = {"headers": self.headers}
        if data is not None:
            kwargs |= {"data": json.dumps(data), "content_type": "application/json"}
        if params:
            kwargs["query_params"] = params
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path: str, **params):
        return self._send("get", path, **params)

    def post(self, path: str, data=None):
        return self._send("post", path, {} if data is None else data)

    def post_files(self, path: str, data: dict):
        """A multipart POST (file uploads); `data` maps field names to files."""
        return self.client.post(path, data, headers=self.headers)

    def patch(self, path: str, data=None):
        return self._send("patch", path, {} if data is None else data)

    def put(self, path: str, data=None):
        return self._send("put", path, {} if data is None else data)

    def delete(self, path: str):
        return self._send("delete", path)


def error_of(response) -> dict:
    """The ``error`` object of an API error response (asserts the one format)."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]
