"""Keyboard use: skip to the content, reach the navigation in reading order, see focus."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

FOCUSED = """() => {
  const el = document.activeElement;
  const nav = el.closest('nav');
  return {tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
          nav: nav ? nav.id : '', outline: getComputedStyle(el).outlineStyle};
}"""

# Where the focused element stands among the focusable ones, in document order.
FOCUS_INDEX = """() => [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')]
  .indexOf(document.activeElement)"""


def test_the_first_tab_offers_to_skip_to_the_content(page, login, url, world):
    login(world.member)
    page.goto(url("community:directory", mf=world.multifactory.slug))

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to content")
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside the content, not back in the header.
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_the_keyboard_reaches_the_main_navigation_in_reading_order(
    page, login, url, world
):
    login(world.member)
    page.goto(url("community:directory", mf=world.multifactory.slug))

    stops, positions = [], []
    for _ in range(20):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        positions.append(page.evaluate(FOCUS_INDEX))

    # Focus moves forward through the document, never jumping back.
    assert positions == sorted(positions), stops
    assert len(set(positions)) == len(positions), stops
    reached = [(stop["nav"], stop["text"]) for stop in stops]
    assert ("site-nav", "Home") in reached
    assert ("mf-nav", "Companies") in reached
    assert ("mf-nav", "People") in reached
    # Whoever uses the keyboard sees where they are.
    assert all(stop["outline"] != "none" for stop in stops), stops
