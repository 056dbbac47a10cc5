"""Switching the language of the pages to Italian and back."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def italian(text: str) -> str:
    """The Italian of an English source string, from the project's own catalogue."""
    with translation.override("it"):
        translated = translation.gettext(text)
    assert translated != text, f"“{text}” has no Italian translation"
    return translated


def choose_language(page, label: str) -> None:
    page.locator("#language-select").select_option(label=label)
    page.locator("#language-submit").click()


def test_a_visitor_switches_to_italian_and_back(page, url, world):
    directory = url("community:directory", mf=world.multifactory.slug)
    page.goto(directory)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    choose_language(page, "Italiano")

    expect(page).to_have_url(directory)  # the switch keeps the person on the page
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        italian("Member companies")
    )
    expect(page.locator("#mf-nav")).to_contain_text(italian("Companies"))
    expect(page.locator("#nav-login")).to_have_text(italian("Log in"))

    choose_language(page, "English")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Member companies")


def test_a_person_keeps_the_language_they_chose_on_their_next_visit(
    page, login, new_context, url, world
):
    login(world.owner)
    page.goto(world.company.get_absolute_url())

    choose_language(page, "Italiano")

    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.locator("#logout-button")).to_have_text(italian("Log out"))
    world.owner.refresh_from_db()
    assert world.owner.language == "it"

    # Another browser, no language cookie: the saved preference decides.
    elsewhere = new_context()
    login(world.owner, into=elsewhere)
    other_page = elsewhere.new_page()
    other_page.goto(world.company.get_absolute_url())
    expect(other_page.locator("html")).to_have_attribute("lang", "it")
    expect(other_page.locator("#edit-profile-link")).to_have_text(
        italian("Edit the profile")
    )

    choose_language(other_page, "English")

    expect(other_page.locator("html")).to_have_attribute("lang", "en")
    world.owner.refresh_from_db()
    assert world.owner.language == "en"
