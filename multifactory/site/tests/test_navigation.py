"""The multifactory bar and the "Explore" card of the multifactory page list the
same sections, from one list (multifactory.site.navigation)."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from conftest import make_company
from multifactory.community import services


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', html)


def bar_and_explore(client, slug):
    content = client.get(reverse("community:multifactory", kwargs={"mf": slug}))
    content = content.content.decode()
    bar = re.search(r'<nav class="mf-bar".*?<ul>(.*?)</ul>', content, re.S)[1]
    explore = re.search(r'<ul id="explore-sections">(.*?)</ul>', content, re.S)[1]
    return links(bar), links(explore)


@pytest.mark.parametrize("who", ["member", "founder", "outsider", None])
def test_explore_lists_the_same_sections_as_the_bar(world, who):
    client = world.client_for(getattr(world, who) if who else None)

    bar, explore = bar_and_explore(client, world.multifactory.slug)

    assert bar == explore
    assert bar[0] == (
        reverse("community:directory", kwargs={"mf": world.multifactory.slug}),
        "Companies",
    )


def test_members_see_every_installed_capability(world):
    bar, explore = bar_and_explore(
        world.client_for(world.member), world.multifactory.slug
    )

    names = [label for _url, label in explore]
    assert names[:3] == ["Companies", "People", "Mandates"]
    assert names[-1] == "Audit trail"
    for view_name, label in [
        ("place:resources", "Spaces and bookings"),
        ("governance:proposals", "Proposals and decisions"),
    ]:
        try:
            reverse(view_name, kwargs={"mf": world.multifactory.slug})
        except NoReverseMatch:
            assert label not in names
        else:
            assert label in names


def test_visitors_see_only_the_public_sections(world):
    _bar, explore = bar_and_explore(world.client_for(None), world.multifactory.slug)

    assert [label for _url, label in explore] == ["Companies"]


def test_a_founder_without_a_company_sees_the_members_sections(world):
    """The same rule as the pages themselves: a founder can read the community."""
    place = services.multifactory_create(
        by=world.outsider, name="New Place", slug="new-place"
    )
    make_company(by=world.outsider, multifactory=place, name="First One")

    _bar, explore = bar_and_explore(world.client_for(world.outsider), place.slug)

    assert "People" in [label for _url, label in explore]


def test_the_current_section_is_marked_in_the_bar(world):
    content = (
        world.client_for(world.member)
        .get(reverse("community:people", kwargs={"mf": world.multifactory.slug}))
        .content.decode()
    )

    assert re.search(r'<a href="[^"]+/people/" aria-current="page">People</a>', content)
