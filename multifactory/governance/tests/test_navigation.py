"""The multifactory bar links governance on every page of the multifactory, once."""

import re

import pytest
from django.urls import reverse

PAGES = [
    "community:multifactory",
    "community:directory",
    "governance:proposals",
    "governance:decisions",
    "governance:rules",
    "governance:charter",
    "governance:assemblies",
    "governance:open_calls",
]


def bar(content: bytes) -> str:
    html = content.decode()
    start = html.index('id="mf-nav"')
    return html[start : html.index("</nav>", start)]


@pytest.mark.parametrize("view_name", PAGES)
def test_a_member_finds_governance_in_the_multifactory_bar(world, view_name):
    client = world.client_for(world.member)
    page = client.get(reverse(view_name, kwargs={"mf": world.multifactory.slug}))
    assert page.status_code == 200
    link = reverse("governance:proposals", kwargs={"mf": world.multifactory.slug})
    assert len(re.findall(f'href="{re.escape(link)}"', bar(page.content))) == 1


def test_a_visitor_is_not_offered_the_members_governance_pages(world):
    client = world.client_for(world.outsider)
    page = client.get(
        reverse("community:directory", kwargs={"mf": world.multifactory.slug})
    )
    link = reverse("governance:proposals", kwargs={"mf": world.multifactory.slug})
    assert link not in bar(page.content)
