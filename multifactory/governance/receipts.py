"""Receipts and seals of secret ballots (pure functions, no database).

A **receipt** is a random code handed once to the voter when the ballot is cast. Only
`receipt_hash(proposal_id, receipt)` is stored, and after the close the list of
(receipt hash, choice) is published: the voter finds the hash of their code in it, and
nobody else can tell whose hash is whose, because the code exists only in the voter's
hands. Anybody can check the hash of a code without trusting the server:

    printf '%s' '<proposal id>:<receipt without dashes>' | sha256sum

A **seal** is a keyed hash of proposal and company under the server's SECRET_KEY. While
voting is open it lets the server find a company's standing choice to replace it when
the company votes again; it is erased at the close. The seal is the old receipt's
formula, so ballots cast before receipts existed can still be changed.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable

RECEIPT_GROUPS = 4
RECEIPT_GROUP_LENGTH = 5


def receipt_new() -> str:
    """A fresh receipt: 80 random bits as four groups of five hex digits."""
    digits = secrets.token_hex(RECEIPT_GROUPS * RECEIPT_GROUP_LENGTH // 2)
    return "-".join(
        digits[i : i + RECEIPT_GROUP_LENGTH]
        for i in range(0, len(digits), RECEIPT_GROUP_LENGTH)
    )


def receipt_normalize(receipt: str) -> str:
    """A receipt as typed, without spaces, dashes or capitals."""
    return "".join(ch for ch in str(receipt).lower() if ch not in " -\t\n")


def receipt_hash(proposal_id: int, receipt: str) -> str:
    text = f"{proposal_id}:{receipt_normalize(receipt)}"
    return hashlib.sha256(text.encode()).hexdigest()


def seals(proposal_id: int, organization_id: int, keys: Iterable[str]) -> list[str]:
    """The seal of a company's secret choice under each key, the current key first
    (then Django's SECRET_KEY_FALLBACKS, so rotating the key does not lose it)."""
    message = f"governance-ballot:{proposal_id}:{organization_id}".encode()
    return [
        hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:24] for key in keys
    ]
