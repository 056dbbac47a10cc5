"""The audit actions: every code `audit_record` may write, with a label a person reads.

The audit app knows no capability by name. Each capability registers its own actions
from its own `audit_actions` module, imported by its AppConfig.ready():

    from multifactory.audit.actions import register

    BOOKING_CREATED = register("booking.created", _("Booking made"))

`audit_record` refuses a code nobody registered, so an action cannot be written without
its label; the pages and the API show the label, the API keeps the code as a stable
field.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise

# "<thing>.<what happened>", lower case: the thing is the first word, used to filter.
CODE = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")


class UnknownAction(LookupError):
    """An audit action nobody registered: a programming error, not a user's."""


@dataclass(frozen=True)
class Action:
    code: str
    label: str | Promise

    def __str__(self) -> str:
        return self.code


ACTIONS: dict[str, Action] = {}


def register(code: str, label: str | Promise) -> str:
    """Add an action; return its code, for the capability's constants.

    Registering the same code twice with another label is a mistake (two capabilities
    claiming one name) and raises."""
    if not CODE.fullmatch(code):
        raise ValueError(
            f"Audit action {code!r} must read '<thing>.<what_happened>' in lower case."
        )
    known = ACTIONS.get(code)
    if known is not None and str(known.label) != str(label):
        raise ValueError(f"Audit action {code!r} is already registered.")
    ACTIONS[code] = Action(code, label)
    return code


def get(code: str) -> Action:
    try:
        return ACTIONS[code]
    except KeyError:
        raise UnknownAction(
            f"Audit action {code!r} is not registered: register it with "
            "multifactory.audit.actions.register in the capability's "
            "audit_actions module."
        ) from None


def label(code: str) -> str:
    """The label of a code, in the active language; the code itself for a row written
    before its action was registered (so an old row still shows)."""
    action = ACTIONS.get(code)
    return str(action.label) if action else code


def choices() -> list[tuple[str, str]]:
    """(code, label) of every action, sorted by label in the active language."""
    return sorted(
        ((code, str(action.label)) for code, action in ACTIONS.items()),
        key=lambda pair: pair[1].casefold(),
    )


def is_prefix(text: str) -> bool:
    """Whether `text` starts at least one registered code (a filter like "mandate.")."""
    return any(code.startswith(text) for code in ACTIONS)
