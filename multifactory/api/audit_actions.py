"""Audit actions of the JSON API."""

from django.utils.translation import gettext_lazy as _

from multifactory.audit.actions import register

register("api_token.created", _("API token created"))
register("api_token.revoked", _("API token revoked"))
