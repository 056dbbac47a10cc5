"""The kinds of notification, with their defaults. Capabilities register their own."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    email: bool = True  # default for e-mail; in-app is always on by default


KINDS: dict[str, Kind] = {}


def register(code: str, label, *, email: bool = True) -> Kind:
    KINDS[code] = Kind(code, label, email)
    return KINDS[code]


register("mandate_granted", _("A mandate was given to me"))
register("invitation_accepted", _("Someone accepted my invitation"))
register("organization_status", _("A company joined or left"), email=False)
DIGEST = register("digest", _("A daily e-mail of what I have not read yet"))
