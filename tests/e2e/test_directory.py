"""The member directory: members browse and filter it, visitors see public profiles."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def company_names(page):
    return page.locator("#company-list h2")


def test_a_member_filters_the_directory_and_opens_a_company(page, login, url, world):
    login(world.member)
    page.goto(url("community:directory", mf=world.multifactory.slug))
    expect(company_names(page)).to_have_text(["Atelier Uno", "Studio Due"])

    page.get_by_label("Kind").select_option(label="Freelancer")
    page.get_by_role("button", name="Filter").click()
    expect(company_names(page)).to_have_text(["Studio Due"])
    expect(page.locator("#result-count")).to_have_text("1 company")

    page.get_by_label("Kind").select_option(label="Any")
    page.get_by_label("Search").fill("uno")
    page.get_by_role("button", name="Filter").click()
    expect(company_names(page)).to_have_text(["Atelier Uno"])

    page.get_by_label("Search").fill("nothing like this")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#no-results")).to_be_visible()

    page.get_by_label("Search").fill("")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Atelier Uno").click()
    expect(page).to_have_url(world.company.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier Uno")
    expect(page.locator("#company-people")).to_contain_text("Marco Member")


def test_a_visitor_sees_only_public_profiles(page, url, world):
    page.goto(url("community:directory", mf=world.multifactory.slug))

    # Studio Due has no public profile; Far Away lives in another multifactory.
    expect(company_names(page)).to_have_text(["Atelier Uno"])
    expect(page.get_by_label("Status")).to_have_count(0)

    page.get_by_role("link", name="Atelier Uno").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier Uno")
    # Who works there is for members only.
    expect(page.locator("#company-people")).to_have_count(0)

    response = page.goto(world.neighbour.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("main")).not_to_contain_text("Studio Due")
