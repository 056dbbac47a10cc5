"""/operator/ for governance: everything read-only, as decisions own it.

Ballots are not registered at all: not the secret choices (SecretChoice), not the
ballots and their history (Ballot, BallotRevision), whose receipts, times and order
could be joined with the choices. The operator sees a vote's outcome in its
Decision, like every member."""

from multifactory.core.admin import register_read_only
from multifactory.governance.models import (
    AgendaItem,
    Application,
    Assembly,
    AssemblyRequest,
    Attendance,
    CharterVersion,
    Decision,
    Evaluation,
    OpenCall,
    Proposal,
    ProposalEffect,
    Proxy,
    Rule,
    SpendingApproval,
)

register_read_only(
    Proposal,
    ProposalEffect,
    Decision,
    Rule,
    CharterVersion,
    SpendingApproval,
    Assembly,
    AgendaItem,
    Attendance,
    Proxy,
    AssemblyRequest,
    OpenCall,
    Application,
    Evaluation,
)
