"""Notification kinds of governance."""

from django.utils.translation import gettext_lazy as _

from multifactory.notifications.kinds import register

PROPOSAL_OPEN = "governance_proposal_open"
PROPOSAL_CLOSING = "governance_proposal_closing"
PROPOSAL_RESULT = "governance_proposal_result"
ASSEMBLY_CONVENED = "governance_assembly_convened"
ASSEMBLY_CANCELLED = "governance_assembly_cancelled"
MINUTES_TO_APPROVE = "governance_minutes_to_approve"
PROXY_USED = "governance_proxy_used"
APPLICATION_RECEIVED = "governance_application_received"

register(PROPOSAL_OPEN, _("A proposal is open for my company's vote"))
register(PROPOSAL_CLOSING, _("A proposal closes within 24 hours"))
register(PROPOSAL_RESULT, _("The result of a proposal"))
register(ASSEMBLY_CONVENED, _("An assembly is convened"))
register(ASSEMBLY_CANCELLED, _("An assembly is cancelled"))
register(MINUTES_TO_APPROVE, _("Minutes of an assembly to approve"), email=False)
register(PROXY_USED, _("My company's proxy was used"))
register(APPLICATION_RECEIVED, _("A company applied to join"), email=False)
