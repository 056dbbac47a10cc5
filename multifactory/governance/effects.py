"""Decision effects: typed actions a proposal carries and its decision executes.

Each effect type validates its parameters when the proposal is made and again just
before it executes (things change while people vote), then calls the owning
capability's service with `decision=context.decision`: the service checks that the
decision orders it now (community.access.decision_require), in place of a mandate.
Other capabilities add their own types with `register(EffectType(...))`; see
docs/governance.md.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from multifactory.audit.services import audit_record
from multifactory.community import access as community_access
from multifactory.community import services as community
from multifactory.community.models import (
    ACTIVE_STATUSES,
    STATUS_TRANSITIONS,
    Mandate,
    MandateKind,
    Organization,
    OrganizationStatus,
    Person,
)
from multifactory.core import times
from multifactory.core.money import Money, money_format
from multifactory.governance import rules
from multifactory.governance.access import NO_SUCH_APPLICATION

UNKNOWN_EFFECT = _("There is no decision effect called “%(kind)s”.")
NO_SUCH_COMPANY = _("No such company in this multifactory.")
ALREADY_ADMITTED = _(
    "%(company)s is no longer an applicant (it is “%(status)s”): "
    "this effect no longer applies."
)
NOT_A_MEMBER_COMPANY = _("%(company)s is not a member company: it cannot leave.")
NO_SUCH_PERSON = _("A mandate goes to a person of an active member company.")
BAD_MANDATE_KIND = _("Choose the kind of mandate (not the founding one).")
NO_SUCH_MANDATE = _("No such mandate in this multifactory.")
MANDATE_ALREADY_REVOKED = _("This mandate has already been revoked.")
BAD_DATE = _("Write dates as YYYY-MM-DD.")
BAD_AMOUNT = _("Give the amount in cents as a whole number, zero or more.")
EMPTY_TEXT = _("Write the text.")
BAD_STATUS = _("A company leaves as “leaving” or “former”.")
BAD_KIND = _("Choose expense or budget.")
DATE_OUT_OF_RANGE = _("Give a date between the years %(earliest)s and %(latest)s.")
ENDS_BEFORE_START = _("The term ends before it starts: choose a later end.")
TERM_ALREADY_OVER = _(
    "The term ends before today (%(today)s): the mandate would be over before it "
    "is granted. Choose a later end."
)
CUSTOM_NEEDS_TITLE = _("Give another responsibility a title.")
AMOUNT_TOO_LARGE = _("This amount is too large to be recorded: check the figure.")
WRONG_CURRENCY = _(
    "Spending is approved in the multifactory's currency, %(currency)s: give the "
    "amount in %(currency)s."
)
TEXT_TOO_LONG = _("Keep the text under %(limit)s characters.")
# What the database columns hold: a 64-bit row id, a 64-bit amount (minor units).
MAX_ID = 2**63 - 1
MAX_AMOUNT = 2**63 - 1
MAX_CHARTER_LENGTH = 100_000


@dataclass(frozen=True)
class EffectContext:
    decision: Any  # governance.models.Decision
    by: Person | None  # who closed the proposal; None for the scheduler
    multifactory: Any
    params: dict


@dataclass(frozen=True)
class EffectType:
    code: str
    label: str | Promise
    validate: Callable[[Any, dict], dict]
    execute: Callable[[EffectContext], None]
    describe: Callable[[Any, dict], str]
    # What a person may pick for this effect now (e.g. the free units), or None.
    choices: Callable[[Any], list] | None = None


REGISTRY: dict[str, EffectType] = {}


def register(effect_type: EffectType) -> EffectType:
    """Add (or replace, for a capability that takes over a hook) an effect type."""
    REGISTRY[effect_type.code] = effect_type
    return effect_type


def get(kind: str) -> EffectType:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise ValidationError(UNKNOWN_EFFECT % {"kind": kind}) from None


def validate(multifactory, kind: str, params: object) -> dict:
    if not isinstance(params, dict):
        params = {}
    return get(kind).validate(multifactory, params)


def describe(multifactory, kind: str, params: dict) -> str:
    effect_type = REGISTRY.get(kind)
    if effect_type is None:
        return kind
    try:
        return str(effect_type.describe(multifactory, params))
    except (ValidationError, KeyError, ValueError):
        return str(effect_type.label)


def choices() -> list[tuple[str, str]]:
    return [(code, str(effect.label)) for code, effect in REGISTRY.items()]


# Helpers --------------------------------------------------------------------------


def refusal(field: str, message, code: str | None = None) -> ValidationError:
    """A refusal on one parameter, so forms show it on the field that holds it."""
    return ValidationError({field: ValidationError(message, code=code)})


def _int(value: Any, message, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise refusal(field, message) from None


def _id(value: Any, message, field: str) -> int:
    """A row id: a positive whole number the database can hold."""
    if isinstance(value, bool):
        raise refusal(field, message)
    pk = _int(value, message, field)
    if not 1 <= pk <= MAX_ID:
        raise refusal(field, message)
    return pk


row_id = _id  # for the effects other capabilities register


def _organization(multifactory, params: dict) -> Organization:
    pk = _id(params.get("organization"), NO_SUCH_COMPANY, "organization")
    organization = Organization.objects.filter(multifactory=multifactory, pk=pk).first()
    if organization is None:
        raise refusal("organization", NO_SUCH_COMPANY)
    return organization


def _date(value: Any, field: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise refusal(field, BAD_DATE)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise refusal(field, BAD_DATE) from None
    if not times.in_plannable_range(day):
        raise refusal(
            field,
            DATE_OUT_OF_RANGE
            % {"earliest": times.EARLIEST_YEAR, "latest": times.LATEST_YEAR},
        )
    return day.isoformat()


# Admit a company ------------------------------------------------------------------


def _admit_validate(multifactory, params: dict) -> dict:
    organization = _organization(multifactory, params)
    if organization.status != OrganizationStatus.APPLICANT:
        raise refusal(
            "organization",
            ALREADY_ADMITTED
            % {
                "company": organization,
                "status": OrganizationStatus(organization.status).label,
            },
            code="no_longer_applies",
        )
    return {"organization": organization.pk}


def _admit_execute(context: EffectContext) -> None:
    organization = _organization(context.multifactory, context.params)
    community.organization_set_status(
        by=context.by,
        organization=organization,
        status=OrganizationStatus.MEMBER,
        decision=context.decision,
    )


register(
    EffectType(
        code="admit_company",
        label=_("Admit a company"),
        validate=_admit_validate,
        execute=_admit_execute,
        describe=lambda mf, p: (
            _("Admit %(company)s as a member") % {"company": _organization(mf, p)}
        ),
    )
)


# End a membership -----------------------------------------------------------------


def _end_validate(multifactory, params: dict) -> dict:
    organization = _organization(multifactory, params)
    status = params.get("status") or OrganizationStatus.FORMER
    if status not in (OrganizationStatus.LEAVING, OrganizationStatus.FORMER):
        raise refusal("status", BAD_STATUS)
    if (
        organization.status not in ACTIVE_STATUSES
        or OrganizationStatus(status)
        not in STATUS_TRANSITIONS[OrganizationStatus(organization.status)]
    ):
        raise refusal(
            "organization",
            NOT_A_MEMBER_COMPANY % {"company": organization},
            code="no_longer_applies",
        )
    return {"organization": organization.pk, "status": str(status)}


def _end_execute(context: EffectContext) -> None:
    community.organization_set_status(
        by=context.by,
        organization=_organization(context.multifactory, context.params),
        status=context.params["status"],
        decision=context.decision,
    )


register(
    EffectType(
        code="end_membership",
        label=_("End a membership"),
        validate=_end_validate,
        execute=_end_execute,
        describe=lambda mf, p: (
            _("%(company)s leaves the multifactory") % {"company": _organization(mf, p)}
        ),
    )
)


# Grant and revoke mandates --------------------------------------------------------


def _person(multifactory, params: dict) -> Person:
    pk = _id(params.get("person"), NO_SUCH_PERSON, "person")
    person = Person.objects.filter(pk=pk).first()
    if person is None or not community_access.is_member_of(person, multifactory):
        raise refusal("person", NO_SUCH_PERSON, code="no_longer_applies")
    return person


def _grant_validate(multifactory, params: dict) -> dict:
    person = _person(multifactory, params)
    kind = params.get("kind")
    if (
        not isinstance(kind, str)
        or kind not in MandateKind.values
        or kind == MandateKind.FOUNDER
    ):
        raise refusal("kind", BAD_MANDATE_KIND)
    title = str(params.get("title") or "").strip()[:120]
    if kind == MandateKind.CUSTOM and not title:
        raise refusal("title", CUSTOM_NEEDS_TITLE)
    starts_on = _date(params.get("starts_on"), "starts_on")
    ends_on = _date(params.get("ends_on"), "ends_on")
    # Checked now and again when the decision executes: a term that cannot be
    # granted is refused when proposed, not at every run of the scheduler.
    today = multifactory.today()
    if ends_on is not None:
        if starts_on is not None and ends_on < starts_on:
            raise refusal("ends_on", ENDS_BEFORE_START)
        if date.fromisoformat(ends_on) < today:
            raise refusal(
                "ends_on",
                TERM_ALREADY_OVER % {"today": today.isoformat()},
                code="no_longer_applies",
            )
    return {
        "person": person.pk,
        "kind": kind,
        "title": title,
        "scope": str(params.get("scope") or "")[:250],
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def _grant_execute(context: EffectContext) -> None:
    params = context.params
    community.mandate_grant(
        by=context.by,
        multifactory=context.multifactory,
        person=_person(context.multifactory, params),
        kind=params["kind"],
        title=params["title"],
        scope=params["scope"],
        starts_on=date.fromisoformat(params["starts_on"])
        if params["starts_on"]
        else None,
        ends_on=date.fromisoformat(params["ends_on"]) if params["ends_on"] else None,
        decision=context.decision,
    )


register(
    EffectType(
        code="grant_mandate",
        label=_("Grant a mandate"),
        validate=_grant_validate,
        execute=_grant_execute,
        describe=lambda mf, p: (
            _("Give %(person)s the mandate “%(kind)s”")
            % {
                "person": _person(mf, p),
                "kind": p.get("title") or MandateKind(p["kind"]).label,
            }
        ),
    )
)


def _mandate(multifactory, params: dict) -> Mandate:
    pk = _id(params.get("mandate"), NO_SUCH_MANDATE, "mandate")
    mandate = (
        Mandate.objects.filter(multifactory=multifactory, pk=pk)
        .select_related("person")
        .first()
    )
    if mandate is None:
        raise refusal("mandate", NO_SUCH_MANDATE)
    return mandate


def _revoke_validate(multifactory, params: dict) -> dict:
    mandate = _mandate(multifactory, params)
    if mandate.revoked_at is not None:
        raise refusal("mandate", MANDATE_ALREADY_REVOKED, code="no_longer_applies")
    return {"mandate": mandate.pk, "reason": str(params.get("reason") or "")[:250]}


def _revoke_execute(context: EffectContext) -> None:
    community.mandate_revoke(
        by=context.by,
        mandate=_mandate(context.multifactory, context.params),
        reason=context.params["reason"],
        decision=context.decision,
    )


register(
    EffectType(
        code="revoke_mandate",
        label=_("Revoke a mandate"),
        validate=_revoke_validate,
        execute=_revoke_execute,
        describe=lambda mf, p: (
            _("Revoke the mandate %(mandate)s") % {"mandate": _mandate(mf, p)}
        ),
    )
)


# Rules ----------------------------------------------------------------------------


def _rule_validate(multifactory, params: dict) -> dict:
    key = str(params.get("key") or "")
    rules.get(key)  # {"key": …} when unknown
    try:
        value = rules.clean(key, params.get("value"))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({"value": error.error_list}) from None
    return {"key": key, "value": value}


def _rule_execute(context: EffectContext) -> None:
    from multifactory.governance.models import Rule

    community_access.decision_require(
        context.decision, context.multifactory, effect="set_rule"
    )

    now = timezone.now()
    key, value = context.params["key"], context.params["value"]
    previous = (
        Rule.objects.select_for_update()
        .filter(multifactory=context.multifactory, key=key, superseded_at__isnull=True)
        .first()
    )
    if previous is not None:
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at"])
    rule = Rule(
        multifactory=context.multifactory,
        key=key,
        value=value,
        decision=context.decision,
        set_at=now,
    )
    rule.full_clean()
    rule.save()
    audit_record(
        by=context.by,
        action="rule.set",
        target=rule,
        multifactory=context.multifactory,
        decision=context.decision,
        changes={
            "key": key,
            "value": [previous.value if previous else rules.get(key).default, value],
        },
    )


register(
    EffectType(
        code="set_rule",
        label=_("Adopt or change a rule"),
        validate=_rule_validate,
        execute=_rule_execute,
        describe=lambda mf, p: (
            _("Set the rule “%(rule)s” to %(value)s")
            % {"rule": rules.get(p["key"]).label, "value": p["value"]}
        ),
    )
)


# Spending -------------------------------------------------------------------------


def _spending_validate(multifactory, params: dict) -> dict:
    from multifactory.governance.models import SpendingKind

    kind = params.get("kind") or SpendingKind.EXPENSE
    if kind not in SpendingKind.values:
        raise refusal("kind", BAD_KIND)
    amount = params.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int | str):
        raise refusal("amount", BAD_AMOUNT)
    if isinstance(amount, str) and len(amount) > 30:
        raise refusal("amount", AMOUNT_TOO_LARGE)
    amount = _int(amount, BAD_AMOUNT, "amount")
    if amount < 0:
        raise refusal("amount", BAD_AMOUNT)
    if amount > MAX_AMOUNT:
        raise refusal("amount", AMOUNT_TOO_LARGE)
    description = str(params.get("description") or "").strip()
    if not description:
        raise refusal("description", EMPTY_TEXT)
    currency = params.get("currency") or multifactory.currency
    # The common accounts are kept in one currency, the multifactory's.
    if not isinstance(currency, str) or currency.strip().upper() != (
        multifactory.currency
    ):
        raise refusal("currency", WRONG_CURRENCY % {"currency": multifactory.currency})
    return {
        "kind": kind,
        "description": description[:250],
        "amount": amount,
        "currency": multifactory.currency,
    }


def _spending_execute(context: EffectContext) -> None:
    from multifactory.governance.models import SpendingApproval

    community_access.decision_require(
        context.decision, context.multifactory, effect="approve_spending"
    )

    approval = SpendingApproval(
        multifactory=context.multifactory,
        decision=context.decision,
        **context.params,
    )
    approval.full_clean()
    approval.save()
    audit_record(
        by=context.by,
        action="spending.approved",
        target=approval,
        multifactory=context.multifactory,
        decision=context.decision,
        changes=dict(context.params),
    )


def _money(params: dict) -> str:
    """The amount in the reader's locale, with the currency's own decimals."""
    try:
        return money_format(Money(params["amount"], params["currency"]))
    except (TypeError, ValueError):  # params stored before they were checked
        return f"{params['amount']} {params['currency']}"


register(
    EffectType(
        code="approve_spending",
        label=_("Approve an expense or a budget"),
        validate=_spending_validate,
        execute=_spending_execute,
        describe=lambda mf, p: (
            _("Approve %(description)s: %(amount)s")
            % {"description": p["description"], "amount": _money(p)}
        ),
    )
)


# Charter --------------------------------------------------------------------------


def _charter_validate(multifactory, params: dict) -> dict:
    text = str(params.get("text") or "").strip()
    if not text:
        raise refusal("text", EMPTY_TEXT)
    if len(text) > MAX_CHARTER_LENGTH:
        raise refusal("text", TEXT_TOO_LONG % {"limit": MAX_CHARTER_LENGTH})
    return {"text": text}


def _charter_execute(context: EffectContext) -> None:
    from multifactory.governance.models import CharterVersion

    community_access.decision_require(
        context.decision, context.multifactory, effect="amend_charter"
    )

    latest = (
        CharterVersion.objects.select_for_update()
        .filter(multifactory=context.multifactory)
        .order_by("-version")
        .first()
    )
    version = CharterVersion(
        multifactory=context.multifactory,
        version=(latest.version + 1) if latest else 1,
        text=context.params["text"],
        decision=context.decision,
        created_at=timezone.now(),
    )
    version.full_clean()
    version.save()
    audit_record(
        by=context.by,
        action="charter.amended",
        target=version,
        multifactory=context.multifactory,
        decision=context.decision,
        changes={"version": version.version},
    )


register(
    EffectType(
        code="amend_charter",
        label=_("Amend the charter"),
        validate=_charter_validate,
        execute=_charter_execute,
        describe=lambda mf, p: str(_("Adopt a new version of the charter")),
    )
)


# Calls ----------------------------------------------------------------------------


def _call_validate(multifactory, params: dict) -> dict:
    title = str(params.get("title") or "").strip()
    if not title:
        raise refusal("title", EMPTY_TEXT)
    return {
        "title": title[:200],
        "reference": str(params.get("reference") or "")[:250],
    }


def _call_execute(context: EffectContext) -> None:
    community_access.decision_require(
        context.decision, context.multifactory, effect="take_part_in_call"
    )
    # The territory capability registers its own `take_part_in_call` that moves its
    # call forward; until then the decision is recorded in the audit trail.
    audit_record(
        by=context.by,
        action="call.joined",
        target=context.decision,
        multifactory=context.multifactory,
        decision=context.decision,
        changes=dict(context.params),
    )


register(
    EffectType(
        code="take_part_in_call",
        label=_("Take part in a call"),
        validate=_call_validate,
        execute=_call_execute,
        describe=lambda mf, p: (
            _("Take part in the call “%(title)s”") % {"title": p["title"]}
        ),
    )
)


# Admit an applicant of the open call ----------------------------------------------

APPLICATION_DONE = _(
    "The application of %(company)s has already been decided: this effect no "
    "longer applies."
)
NAME_TAKEN = _(
    "A company called %(company)s already exists here: this effect no longer applies."
)


def _application(multifactory, params: dict):
    from multifactory.governance.models import Application

    pk = _id(params.get("application"), NO_SUCH_APPLICATION, "application")
    application = (
        Application.objects.filter(call__multifactory=multifactory, pk=pk)
        .select_related("call")
        .first()
    )
    if application is None:
        raise refusal("application", NO_SUCH_APPLICATION)
    return application


def _application_validate(multifactory, params: dict) -> dict:
    from multifactory.governance.models import ApplicationState

    application = _application(multifactory, params)
    if application.state not in (
        ApplicationState.SUBMITTED,
        ApplicationState.PROPOSED,
    ):
        raise refusal(
            "application",
            APPLICATION_DONE % {"company": application},
            code="no_longer_applies",
        )
    if Organization.objects.filter(
        multifactory=multifactory, name__iexact=application.company_name
    ).exists():
        raise refusal(
            "application",
            NAME_TAKEN % {"company": application},
            code="no_longer_applies",
        )
    cleaned = {"application": application.pk}
    if params.get("unit") not in (None, ""):
        cleaned["unit"] = _unit_params(multifactory, params)["unit"]
    return cleaned


# The place capability registers this effect (multifactory.place.effects); an
# admission delegates its unit to it, by code: governance does not import place.
UNIT_EFFECT = "assign_unit"
NO_PLACE = _("Units are assigned by the place capability, which is not installed.")


def free_units(multifactory) -> list:
    """Private units nobody holds today (empty without the place capability)."""
    unit_effect = REGISTRY.get(UNIT_EFFECT)
    if unit_effect is None or unit_effect.choices is None:
        return []
    return unit_effect.choices(multifactory)


def _unit_params(multifactory, params: dict) -> dict:
    """The unit part of an admission, checked by the effect that assigns it."""
    unit_effect = REGISTRY.get(UNIT_EFFECT)
    if unit_effect is None:
        raise refusal("unit", NO_PLACE)
    return unit_effect.validate(
        multifactory, {"unit": params.get("unit"), "with_admission": True}
    )


def _application_execute(context: EffectContext) -> None:
    """The company becomes a member and its contact is invited as representative."""
    from multifactory.community.models import Role
    from multifactory.governance.models import ApplicationState

    application = _application(context.multifactory, context.params)
    organization = community.organization_create(
        by=context.by,
        multifactory=context.multifactory,
        name=application.company_name,
        kind=application.kind,
        sector=application.sector,
        stage=application.stage,
        produces=application.produces,
        description=application.project,
        status=OrganizationStatus.MEMBER,
        applied_on=timezone.localtime(
            application.created_at, context.multifactory.zone
        ).date(),
        decision=context.decision,
    )
    application.organization = organization
    application.state = ApplicationState.ADMITTED
    application.save(update_fields=["organization", "state", "updated_at"])
    community.invitation_create(
        # An invitation names who sent it: when the scheduler closed the proposal,
        # the person who proposed the admission (the decision is the authority).
        by=context.by or context.decision.proposal.proposed_by,
        organization=organization,
        email=application.email,
        role=Role.REPRESENTATIVE,
        decision=context.decision,
    )
    if context.params.get("unit"):
        # Checked again now, by the effect that owns units; it calls place's service
        # with this decision, which orders it as part of the admission.
        unit = _unit_params(context.multifactory, context.params)["unit"]
        get(UNIT_EFFECT).execute(
            EffectContext(
                decision=context.decision,
                by=context.by,
                multifactory=context.multifactory,
                params={"unit": unit, "organization": organization.pk},
            )
        )


def _application_describe(multifactory, params: dict) -> str:
    text = _("Admit %(company)s as a member and invite its people") % {
        "company": _application(multifactory, params)
    }
    unit_effect = REGISTRY.get(UNIT_EFFECT)
    if params.get("unit") and unit_effect is not None:
        try:
            unit = unit_effect.describe(multifactory, {"unit": params["unit"]})
        except (ValidationError, KeyError, ValueError):
            unit = None
        if unit:
            text = _("%(admission)s; %(unit)s") % {"admission": text, "unit": unit}
    return str(text)


register(
    EffectType(
        code="admit_application",
        label=_("Admit an applicant of the open call"),
        validate=_application_validate,
        execute=_application_execute,
        describe=_application_describe,
    )
)
