"""Audit actions of governance: proposals, ballots, decisions and their effects,
assemblies, proxies, admissions."""

from django.utils.translation import gettext_lazy as _

from multifactory.audit.actions import register

register("proposal.created", _("Proposal drafted"))
register("proposal.opened", _("Voting opened on a proposal"))
register("proposal.withdrawn", _("Proposal withdrawn"))
register("ballot.cast", _("Vote cast"))
register("ballot.changed", _("Vote changed"))
register("ballot.secret_choices_sealed", _("Secret ballot sealed at the close"))
register("decision.recorded", _("Decision recorded"))
register("proxy.given", _("Proxy given"))
register("proxy.withdrawn", _("Proxy withdrawn"))
register("assembly.requested", _("Assembly requested"))
register("assembly.convened", _("Assembly convened"))
register("assembly.cancelled", _("Assembly cancelled"))
register("assembly.agenda_item_added", _("Item added to an assembly's agenda"))
register("assembly.attendance_recorded", _("Attendance at an assembly recorded"))
register("assembly.minutes_recorded", _("Minutes of an assembly recorded"))
register("assembly.minutes_approved", _("Minutes of an assembly approved"))
register("open_call.published", _("Call for applications published"))
register("application.submitted", _("Application to join submitted"))
register("application.evaluated", _("Application to join evaluated"))
register("application.confirmed", _("Application to join confirmed"))
# Effects of decisions
register("rule.set", _("Rule of the multifactory set by a decision"))
register("spending.approved", _("Spending approved by a decision"))
register("charter.amended", _("Charter amended by a decision"))
register("call.joined", _("Taking part in a call decided"))
