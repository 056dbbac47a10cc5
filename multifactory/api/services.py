"""Creating, revoking and checking personal API tokens."""

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multifactory.api.models import ApiToken
from multifactory.audit.services import audit_record

TOKEN_PREFIX = "mf_"
ALREADY_REVOKED = _("This token has already been revoked.")

# The user model (community.Person), which this layer below community cannot import.
Person = Any


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, by: Person, name: str) -> tuple[ApiToken, str]:
    """A new token for `by`; the clear token is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken(
        person=by, name=name.strip(), prefix=token[:10], token_hash=_hash(token)
    )
    api_token.full_clean()
    api_token.save()
    audit_record(by=by, action="api_token.created", target=api_token)
    return api_token, token


@transaction.atomic
def api_token_revoke(*, by: Person, api_token: ApiToken) -> ApiToken:
    if api_token.person_id != by.pk:
        raise PermissionDenied(_("You can only revoke your own tokens."))
    if api_token.revoked_at:
        raise ValidationError(ALREADY_REVOKED)
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    audit_record(by=by, action="api_token.revoked", target=api_token)
    return api_token


def api_token_authenticate(token: str) -> Person | None:
    """The active person owning `token`, or None. Records when it was last used."""
    api_token = (
        ApiToken.objects.select_related("person")
        .filter(
            token_hash=_hash(token), revoked_at__isnull=True, person__is_active=True
        )
        .first()
    )
    if api_token is None:
        return None
    now = timezone.now()
    # Write at most once a minute per token, not on every request.
    if api_token.last_used_at is None or (now - api_token.last_used_at).seconds > 60:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.person
