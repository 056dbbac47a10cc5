import pytest
from django.urls import reverse

from conftest import make_company
from multifactory.core.tests.queries import assert_constant_queries


def url(world, **query):
    base = reverse("community:directory", kwargs={"mf": world.multifactory.slug})
    return base + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def names(response):
    return [o.name for o in response.context["page"].object_list]


def test_visitors_see_only_public_profiles_of_active_members(world):
    response = world.client_for(None).get(url(world))
    assert names(response) == ["Atelier Uno"]
    assert "status" not in response.context["form"].fields


def test_people_of_other_multifactories_see_it_as_visitors(world):
    assert names(world.client_for(world.other).get(url(world))) == ["Atelier Uno"]


@pytest.mark.parametrize("who", ["founder", "owner", "member"])
def test_members_see_every_active_company(world, who):
    response = world.client_for(getattr(world, who)).get(url(world))
    assert names(response) == ["Atelier Uno", "Studio Due"]


def test_members_filter_by_status(world):
    make_company(by=world.founder, multifactory=world.multifactory, name="Hopeful",
                 status="applicant")  # fmt: skip
    response = world.client_for(world.member).get(url(world, status="applicant"))
    assert names(response) == ["Hopeful"]


def test_it_filters_by_kind_sector_stage_and_search(world):
    client = world.client_for(world.member)
    assert names(client.get(url(world, kind="freelancer"))) == ["Studio Due"]
    assert names(client.get(url(world, sector="C"))) == ["Atelier Uno"]
    assert names(client.get(url(world, stage="starting"))) == ["Studio Due"]
    assert names(client.get(url(world, q="atelier"))) == ["Atelier Uno"]


def test_an_invalid_filter_is_shown_and_ignored_not_a_crash(world):
    response = world.client_for(world.member).get(url(world, kind="dragon"))
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert len(names(response)) == 2


def test_it_paginates_24_per_page(world):
    for n in range(30):
        make_company(by=world.founder, multifactory=world.multifactory,
                     name=f"Bulk {n:02}", is_public=True)  # fmt: skip
    client = world.client_for(None)
    first = client.get(url(world))
    assert len(names(first)) == 24
    second = client.get(url(world, page=2))
    assert len(names(second)) == 7
    assert b'rel="prev"' in second.content


def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries):
    client = world.client_for(world.member)

    def grow():
        for n in range(10):
            make_company(by=world.founder, multifactory=world.multifactory,
                         name=f"More {n}", is_public=True)  # fmt: skip

    assert_constant_queries(
        django_assert_num_queries, lambda: client.get(url(world)), grow
    )


def test_an_unknown_multifactory_is_a_404(world):
    response = world.client_for(world.member).get(
        reverse("community:directory", kwargs={"mf": "nowhere"})
    )
    assert response.status_code == 404


def test_the_filters_start_with_a_search_box_then_the_selects(world):
    content = world.client_for(world.member).get(url(world)).content.decode()
    form = content[content.index('id="directory-filters"') :]
    form = form[: form.index("</form>")]

    assert '<input type="search" name="q"' in form
    order = [
        form.index(f'name="{name}"')
        for name in ["q", "kind", "sector", "stage", "status"]
    ]
    assert order == sorted(order)
    # Every control has its label, written the same way (no trailing colon).
    assert '<label for="id_q">Search</label>' in form


def test_a_founder_without_a_company_sees_every_company_like_a_member(world):
    from multifactory.community import services

    place = services.multifactory_create(by=world.outsider, name="New", slug="new")
    make_company(
        by=world.outsider, multifactory=place, name="Quiet One", is_public=False
    )

    response = world.client_for(world.outsider).get(
        reverse("community:directory", kwargs={"mf": place.slug})
    )

    assert "Quiet One" in response.content.decode()
