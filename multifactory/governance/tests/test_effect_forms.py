"""The proposal page offers every registered effect type, each with its parameters,
in a form that works without JavaScript; refusals show on the field at fault."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from multifactory.community.models import Mandate
from multifactory.governance import effects, forms, services
from multifactory.governance.models import Proposal

BASE = {
    "title": "Something to decide",
    "text": "",
    "method": "majority",
    "closes_at": "2099-01-01T10:00",
    "quorum_percent": 50,
    "threshold": "1/2",
    "threshold_base": "cast",
    "abstention_rule": "quorum_only",
}


def page_url(world):
    return reverse("governance:proposal_create", kwargs={"mf": world.multifactory.slug})


def post(world, person, **effect_fields):
    return world.client_for(person).post(page_url(world), BASE | effect_fields)


def test_the_page_offers_every_registered_effect_type(world):
    page = world.client_for(world.owner).get(page_url(world))
    assert page.status_code == 200
    for code in effects.REGISTRY:
        assert f'id="effect-{code}"' in page.text
        assert f'name="effect-{code}-use"' in page.text
    # Closed <details>: the page works without JavaScript and stays short.
    assert "<details" in page.text and " open>" not in page.text


def test_an_effect_registered_by_another_capability_gets_a_json_fieldset(world):
    effects.register(
        effects.EffectType(
            code="test.ring_bell",
            label="Ring the bell",
            validate=lambda mf, p: {"times": int(p.get("times", 1))},
            execute=lambda context: None,
            describe=lambda mf, p: "ring",
        )
    )
    try:
        page = world.client_for(world.owner).get(page_url(world))
        assert 'name="effect-test.ring_bell-params_json"' in page.text
        response = post(
            world,
            world.owner,
            **{
                "effect-test.ring_bell-use": "on",
                "effect-test.ring_bell-params_json": "[1, 2]",
            },
        )
        assert response.status_code == 200
        assert str(forms.BAD_PARAMETERS) in response.text.replace("&quot;", '"')
        post(
            world,
            world.owner,
            **{
                "effect-test.ring_bell-use": "on",
                "effect-test.ring_bell-params_json": '{"times": 3}',
            },
        )
        effect = Proposal.objects.get().effects.get()
        assert (effect.kind, effect.params) == ("test.ring_bell", {"times": 3})
    finally:
        del effects.REGISTRY["test.ring_bell"]


def test_an_effect_not_ticked_is_neither_checked_nor_saved(world):
    response = post(
        world, world.owner, **{"effect-approve_spending-amount": "not a number"}
    )
    assert response.status_code == 302
    assert not Proposal.objects.get().effects.exists()


def test_an_expense_is_entered_in_euros_and_stored_in_cents(world):
    response = post(
        world,
        world.owner,
        **{
            "effect-approve_spending-use": "on",
            "effect-approve_spending-kind": "expense",
            "effect-approve_spending-description": "A new roof",
            "effect-approve_spending-amount": "1250.50",
        },
    )
    assert response.status_code == 302, response.text
    effect = Proposal.objects.get().effects.get()
    assert effect.kind == "approve_spending"
    assert effect.params == {
        "kind": "expense",
        "description": "A new roof",
        "amount": 125050,
        "currency": world.multifactory.currency,
    }


def test_a_negative_amount_is_refused_on_the_amount_field(world):
    response = post(
        world,
        world.owner,
        **{
            "effect-approve_spending-use": "on",
            "effect-approve_spending-kind": "budget",
            "effect-approve_spending-description": "2027",
            "effect-approve_spending-amount": "-5",
        },
    )
    assert response.status_code == 200
    effect_form = next(
        f for f in response.context["effect_forms"] if f.code == "approve_spending"
    )
    assert "amount" in effect_form.errors
    assert "<details" in response.text and 'id="effect-approve_spending"' in (
        response.text
    )
    assert response.text.count(" open>") == 1
    assert "<title>Error: " in response.text
    assert not Proposal.objects.exists()


def test_a_mandate_is_granted_with_kind_person_scope_and_term(world):
    response = post(
        world,
        world.owner,
        **{
            "effect-grant_mandate-use": "on",
            "effect-grant_mandate-kind": "treasurer",
            "effect-grant_mandate-person": world.member.pk,
            "effect-grant_mandate-scope": "the 2027 budget",
            "effect-grant_mandate-starts_on": "2027-01-01",
            "effect-grant_mandate-ends_on": "2027-12-31",
        },
    )
    assert response.status_code == 302, response.text
    params = Proposal.objects.get().effects.get().params
    assert params | {"title": ""} == {
        "person": world.member.pk,
        "kind": "treasurer",
        "title": "",
        "scope": "the 2027 budget",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
    }


def test_a_person_outside_the_multifactory_cannot_be_given_a_mandate(world):
    response = post(
        world,
        world.owner,
        **{
            "effect-grant_mandate-use": "on",
            "effect-grant_mandate-kind": "treasurer",
            "effect-grant_mandate-person": world.other.pk,
        },
    )
    assert response.status_code == 200
    form = next(
        f for f in response.context["effect_forms"] if f.code == "grant_mandate"
    )
    assert "person" in form.errors


def test_revoking_a_revoked_mandate_is_refused_on_the_mandate_field(world):
    from multifactory.community import services as community

    mandate = community.mandate_grant(
        by=world.founder,
        multifactory=world.multifactory,
        person=world.member,
        kind="treasurer",
    )
    data = {
        "effect-revoke_mandate-use": "on",
        "effect-revoke_mandate-mandate": str(mandate.pk),
        "effect-revoke_mandate-reason": "End of term",
    }
    form = forms.RevokeMandateForm(data, multifactory=world.multifactory)
    assert form.is_valid(), form.errors
    assert form.effect() == {
        "kind": "revoke_mandate",
        "params": {"mandate": mandate.pk, "reason": "End of term"},
    }
    community.mandate_revoke(by=world.founder, mandate=mandate, reason="x")
    # Still offered to a page opened before the revocation: validate() refuses it.
    form = forms.RevokeMandateForm(data, multifactory=world.multifactory)
    form.fields["mandate"].queryset = Mandate.objects.all()
    assert not form.is_valid()
    assert form.errors["mandate"] == [str(effects.MANDATE_ALREADY_REVOKED)]


def test_a_rule_out_of_range_is_refused_on_the_value_field(world):
    form = forms.SetRuleForm(
        {
            "effect-set_rule-use": "on",
            "effect-set_rule-key": "governance.proxy_limit",
            "effect-set_rule-value": "99",
        },
        multifactory=world.multifactory,
    )
    assert not form.is_valid()
    assert list(form.errors) == ["value"]


def test_ending_a_membership_and_taking_part_in_a_call(world):
    response = post(
        world,
        world.owner,
        **{
            "effect-end_membership-use": "on",
            "effect-end_membership-organization": world.neighbour.pk,
            "effect-end_membership-status": "leaving",
            "effect-take_part_in_call-use": "on",
            "effect-take_part_in_call-title": "Regional makers fund 2027",
            "effect-take_part_in_call-reference": "https://example.org/call",
        },
    )
    assert response.status_code == 302, response.text
    chosen = {e.kind: e.params for e in Proposal.objects.get().effects.all()}
    assert chosen == {
        "end_membership": {"organization": world.neighbour.pk, "status": "leaving"},
        "take_part_in_call": {
            "title": "Regional makers fund 2027",
            "reference": "https://example.org/call",
        },
    }


def test_effects_are_refused_for_an_option_method(world):
    response = post(
        world,
        world.owner,
        method="approval",
        options="Monday\nTuesday",
        **{
            "effect-take_part_in_call-use": "on",
            "effect-take_part_in_call-title": "A call",
        },
    )
    assert response.status_code == 200
    assert str(services.EFFECTS_NEED_YES_NO) in response.text
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("amount", ["0.005", "abc"])
def test_an_amount_with_more_than_cents_or_not_a_number_is_refused(world, amount):
    form = forms.SpendingForm(
        {
            "effect-approve_spending-use": "on",
            "effect-approve_spending-kind": "expense",
            "effect-approve_spending-description": "Paint",
            "effect-approve_spending-amount": amount,
        },
        multifactory=world.multifactory,
    )
    assert not form.is_valid() and "amount" in form.errors


def test_effects_validate_refuses_unknown_types(world):
    with pytest.raises(ValidationError):
        effects.validate(world.multifactory, "no.such", {})


def test_the_browser_does_not_insist_on_fields_of_effects_not_ticked(world):
    page = world.client_for(world.owner).get(page_url(world))
    effects_part = page.text[page.text.index('id="effects"') :]
    assert " required" not in effects_part.split("</fieldset>\n  <p")[0]


def test_the_effect_fieldsets_speak_italian(world):
    world.owner.language = "it"
    world.owner.save(update_fields=["language"])
    page = world.client_for(world.owner).get(page_url(world))
    assert "Che cosa fa la delibera" in page.text
    assert "Aggiungi l&#x27;effetto «Approvare una spesa o un bilancio preventivo»" in (
        page.text
    )
    assert "Importo (EUR)" in page.text


def test_an_italian_types_the_amount_in_italian(world):
    """Major units in the person's locale: 1.250,50 is 125050 cents."""
    with translation.override("it"):
        form = forms.SpendingForm(
            {
                "effect-approve_spending-use": "on",
                "effect-approve_spending-kind": "expense",
                "effect-approve_spending-description": "Tetto",
                "effect-approve_spending-amount": "1.250,50",
            },
            multifactory=world.multifactory,
        )
        assert form.is_valid(), form.errors
        assert "1.250,50" in str(form["amount"].help_text)
    assert form.params["amount"] == 125050


def test_an_amount_with_more_decimals_than_the_currency_says_how_to_write_it(world):
    translation.activate("en")
    form = forms.SpendingForm(
        {
            "effect-approve_spending-use": "on",
            "effect-approve_spending-kind": "expense",
            "effect-approve_spending-description": "Paint",
            "effect-approve_spending-amount": "12.345",
        },
        multifactory=world.multifactory,
    )
    assert form.errors["amount"] == [
        "An amount in EUR has at most 2 decimals: write for example 1,234.56."
    ]


@pytest.mark.parametrize(
    ("language", "amount", "currency", "text"),
    [
        ("en", 1_250_000, "EUR", "€12,500.00"),
        ("it", 1_250_000, "EUR", "12.500,00\xa0€"),
        # `amount // 100` used to show 1234 yen as "12.34 JPY".
        ("en", 1234, "JPY", "¥1,234"),
    ],
)
def test_a_spending_effect_describes_its_amount_in_the_readers_locale(
    world, language, amount, currency, text
):
    params = {
        "kind": "expense",
        "description": "Roof",
        "amount": amount,
        "currency": currency,
    }
    with translation.override(language):
        described = str(
            effects.get("approve_spending").describe(world.multifactory, params)
        )
    assert described.endswith(f": {text}")
