"""Audit actions of the community: multifactories, companies, people, mandates."""

from django.utils.translation import gettext_lazy as _

from multifactory.audit.actions import register

register("multifactory.created", _("Multifactory founded"))
register("multifactory.updated", _("Multifactory details changed"))
register("organization.created", _("Company added"))
register("organization.updated", _("Company profile changed"))
register("organization.status_changed", _("Company status changed"))
register("membership.added", _("Person added to a company"))
register("membership.role_changed", _("Role in a company changed"))
register("membership.removed", _("Membership ended"))
register("invitation.created", _("Invitation sent"))
register("invitation.accepted", _("Invitation accepted"))
register("invitation.revoked", _("Invitation withdrawn"))
register("mandate.granted", _("Mandate granted"))
register("mandate.revoked", _("Mandate revoked"))
register("person.created", _("Account created"))
register("person.updated", _("Account details changed"))
