"""Notification kinds of governance."""

from django.utils.translation import gettext_lazy as _

from multifactory.notifications.kinds import register

PROPOSAL_OPEN = "governance_proposal_open"
PROPOSAL_CLOSING = "governance_proposal_closing"
PROPOSAL_RESULT = "governance_proposal_result"

register(PROPOSAL_OPEN, _("A proposal is open for my company's vote"))
register(PROPOSAL_CLOSING, _("A proposal closes within 24 hours"))
register(PROPOSAL_RESULT, _("The result of a proposal"))
