"""Every main page loads cleanly and is built for assistive technology: one h1, a
main landmark, named controls, unique ids and the document's language.

Pages are grouped by who looks at them, one test each: every browser test empties
the database afterwards, which is the slow part on PostgreSQL.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Who looks, and at which pages (name, address arguments from the `world`).
MAIN_PAGES = {
    "visitor": [
        ("home", lambda w: {}),
        ("login", lambda w: {}),
        ("community:multifactory", lambda w: {"mf": w.multifactory.slug}),
        ("community:directory", lambda w: {"mf": w.multifactory.slug}),
        (
            "community:organization",
            lambda w: {"mf": w.multifactory.slug, "org": w.company.slug},
        ),
    ],
    "member": [
        ("home", lambda w: {}),
        ("community:multifactory", lambda w: {"mf": w.multifactory.slug}),
        ("community:directory", lambda w: {"mf": w.multifactory.slug}),
        ("community:people", lambda w: {"mf": w.multifactory.slug}),
        ("community:mandates", lambda w: {"mf": w.multifactory.slug}),
        ("profile", lambda w: {}),
    ],
    "owner": [
        (
            "community:organization",
            lambda w: {"mf": w.multifactory.slug, "org": w.company.slug},
        ),
        (
            "community:organization_edit",
            lambda w: {"mf": w.multifactory.slug, "org": w.company.slug},
        ),
    ],
}

PHONE = {"width": 360, "height": 740}

# What a screen reader or a keyboard user would stumble on, as a list of problems.
PROBLEMS = """() => {
  const problems = [];
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} h1 headings`);
  const main = document.querySelectorAll('main, [role=main]').length;
  if (main !== 1) problems.push(`${main} main landmarks`);
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  if (!document.title.trim()) problems.push('no title');
  const named = el => (el.labels && el.labels.length) || el.getAttribute('aria-label')
    || el.getAttribute('aria-labelledby') || el.title;
  document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]), select, textarea').forEach(el => {
    if (!named(el)) problems.push('unlabelled ' + el.outerHTML.slice(0, 100));
  });
  document.querySelectorAll('img:not([alt])').forEach(el =>
    problems.push('no alt ' + el.outerHTML.slice(0, 100)));
  document.querySelectorAll('button, a[href]').forEach(el => {
    if (!el.textContent.trim() && !el.getAttribute('aria-label'))
      problems.push('nameless ' + el.outerHTML.slice(0, 100));
  });
  const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
  ids.filter((id, i) => ids.indexOf(id) !== i).forEach(id =>
    problems.push('duplicate id ' + id));
  // A positive tabindex breaks the reading order for keyboard users.
  document.querySelectorAll('[tabindex]').forEach(el => {
    if (el.tabIndex > 0) problems.push('positive tabindex ' + el.outerHTML.slice(0, 100));
  });
  return problems;
}"""


@pytest.mark.parametrize("who", MAIN_PAGES)
def test_the_main_pages_load_cleanly_and_are_well_structured(
    page, login, url, world, browser_errors, who
):
    if who != "visitor":
        login(getattr(world, who))
    problems = {}
    for name, kwargs in MAIN_PAGES[who]:
        address = url(name, **kwargs(world))
        browser_errors.clear()
        response = page.goto(address)
        page.wait_for_load_state("load")
        found = page.evaluate(PROBLEMS)
        if response.status != 200:
            found.append(f"status {response.status}")
        if not page.get_by_role("navigation", name="Main").count():
            found.append("no main navigation")
        if page.locator("html").get_attribute("lang") != "en":
            found.append("not in English")
        found += browser_errors
        if too_wide_for_a_phone(page):
            found.append(f"wider than a phone screen ({PHONE['width']} px)")
        if found:
            problems[address] = found

    assert problems == {}


def too_wide_for_a_phone(page) -> bool:
    """Whether the page scrolls sideways on a small phone."""
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        return page.evaluate(
            "() => document.documentElement.scrollWidth"
            " > document.documentElement.clientWidth"
        )
    finally:
        page.set_viewport_size(size)


def test_the_style_sheet_is_served_and_applies(page, url, browser_errors):
    page.goto(url("home"))
    page.wait_for_load_state("load")

    assert browser_errors == []
    # The skip link waits off-screen until the keyboard reaches it.
    expect(page.locator(".skip-link")).not_to_be_in_viewport()
