"""Private uploads: served by a view that has checked who may see them, never from a
public folder.

MEDIA_ROOT is not served at any address. A capability's view fetches the object
through its access function and answers with `private_file_response()`: Django
streams the file itself, or, when MEDIA_ACCEL_REDIRECT names nginx's internal
location, only says which file nginx should send (docs/deploy.md).
"""

from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase

# Magic bytes of the images people may upload, and the type to announce for each.
_IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_content_type(head: bytes) -> str | None:
    """The type of an image from its first bytes, whatever its name says."""
    for signature, content_type in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def private_file_response(field_file: FieldFile) -> HttpResponseBase:
    """The file, for a request whose access has been checked. An image is shown
    inline with its real type; anything else is a download, never rendered."""
    with field_file.open("rb") as opened:
        head = opened.read(12)
    content_type = image_content_type(head)
    stored = field_file.name or ""  # it was just opened: it has a name
    name = PurePosixPath(stored).name
    disposition = "inline" if content_type else "attachment"
    content_type = content_type or "application/octet-stream"
    prefix = settings.MEDIA_ACCEL_REDIRECT
    response: HttpResponseBase
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(prefix.rstrip("/") + "/" + stored)
    else:
        response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    # Whoever may see it, only they: no shared cache keeps a copy.
    response["Cache-Control"] = "private, max-age=3600"
    # Opened on its own, the file can run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
