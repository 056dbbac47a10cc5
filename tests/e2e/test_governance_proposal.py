"""A proposal to admit a company: proposed, voted by two companies, closed, executed."""

import re

import pytest
from playwright.sync_api import expect

from conftest import make_company

pytestmark = pytest.mark.e2e


def test_two_companies_vote_a_company_in_and_the_decision_admits_it(
    page, login, new_context, url, world, browser_errors
):
    make_company(
        by=world.founder,
        multifactory=world.multifactory,
        name="Tessitura Tre",
        status="applicant",
    )
    mf = world.multifactory.slug

    # The founder (representative of Studio Due) proposes to admit the applicant.
    login(world.founder)
    page.goto(url("governance:proposals", mf=mf))
    page.locator("#new-proposal").click()
    page.locator("#id_title").fill("Admit Tessitura Tre")
    page.get_by_label("Voting method").select_option("majority")
    page.get_by_label("Voting closes").fill("2099-01-01T10:00")
    # Every effect type has its own fieldset, closed until opened (no JavaScript).
    page.locator("#effect-admit_company summary").click()
    page.get_by_label("Add the effect “Admit a company”").check()
    page.get_by_label("Applicant company").select_option(label="Tessitura Tre")
    page.get_by_label("Open voting now").check()
    page.locator("#proposal-submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Admit Tessitura Tre")
    expect(page.locator("#proposal-state")).to_have_text("Open for voting")
    expect(page.locator("#effects")).to_contain_text("Admit Tessitura Tre as a member")
    proposal_url = page.url

    # The founder votes for Studio Due…
    studio = page.locator("#vote-studio-due")
    studio.get_by_label("Yes").check()
    studio.get_by_role("button", name="Cast the vote").click()
    expect(page.locator("#messages")).to_contain_text(
        "The vote of Studio Due is recorded."
    )

    # …and Olga, in her own browser, for Atelier Uno.
    owner_context = new_context()
    login(world.owner, owner_context)
    owner_page = owner_context.new_page()
    owner_page.goto(proposal_url)
    expect(owner_page.locator("#vote-studio-due")).to_have_count(0)
    atelier = owner_page.locator("#vote-atelier-uno")
    atelier.get_by_label("Yes").check()
    atelier.get_by_role("button", name="Cast the vote").click()
    expect(owner_page.locator("#messages")).to_contain_text(
        "The vote of Atelier Uno is recorded."
    )

    # The founder closes the vote: a numbered decision, its effect executed.
    page.goto(proposal_url)
    expect(page.locator("#participation")).not_to_contain_text("not yet")
    page.locator("#close-proposal").click()
    expect(page.locator("#decision-number")).to_have_text(re.compile(r"^\d{4}/001$"))
    expect(page.locator("#decision-outcome")).to_have_text("Adopted")
    expect(page.locator("#decision-effects")).to_contain_text("executed")

    # Tessitura Tre is now a member company, in the directory and the register.
    page.goto(url("community:directory", mf=mf))
    expect(page.locator("main")).to_contain_text("Tessitura Tre")
    page.goto(url("governance:decisions", mf=mf))
    expect(page.locator("#decisions")).to_contain_text("Admit Tessitura Tre")
    # site.css may 404 until multifactory/static/ is served (see test_main_pages.py).
    assert [e for e in browser_errors if not e.endswith("multifactory/site.css")] == []
