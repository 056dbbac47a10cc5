"""A representative keeps the company profile up to date; others may not."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_a_representative_edits_the_profile_and_sees_the_change(
    page, login, url, world
):
    login(world.owner)
    page.goto(world.company.get_absolute_url())

    page.locator("#edit-profile-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Atelier Uno")
    page.get_by_label("What it produces").fill("Oak tables, made to measure")
    page.get_by_label("Description").fill("A small joinery on the ground floor.")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(world.company.get_absolute_url())
    expect(page.locator("#messages")).to_contain_text("The company profile is saved.")
    profile = page.locator("#company-profile")
    expect(profile).to_contain_text("Oak tables, made to measure")
    expect(profile).to_contain_text("A small joinery on the ground floor.")

    # The directory shows the change too.
    page.goto(url("community:directory", mf=world.multifactory.slug))
    expect(page.locator("#company-list")).to_contain_text("Oak tables, made to measure")


def test_a_plain_member_cannot_edit_the_profile(page, login, url, world):
    login(world.member)
    page.goto(world.company.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier Uno")
    expect(page.locator("#edit-profile-link")).to_have_count(0)

    response = page.goto(
        url(
            "community:organization_edit",
            mf=world.multifactory.slug,
            org=world.company.slug,
        )
    )
    assert response.status == 403
