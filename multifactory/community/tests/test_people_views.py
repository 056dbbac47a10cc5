import pytest
from django.urls import reverse

from conftest import make_company, make_person
from multifactory.community import services
from multifactory.core.tests.queries import assert_constant_queries


def url(world):
    return reverse("community:people", kwargs={"mf": world.multifactory.slug})


def person_url(world, person):
    return reverse(
        "community:person",
        kwargs={"mf": world.multifactory.slug, "person_id": person.pk},
    )


@pytest.mark.parametrize("who", ["founder", "owner", "member"])
def test_members_see_the_people(world, who):
    response = world.client_for(getattr(world, who)).get(url(world))
    people = [p.full_name for p in response.context["page"].object_list]
    assert people == ["Giulia Founder", "Marco Member", "Olga Owner"]


@pytest.mark.parametrize("who", ["outsider", "other"])
def test_others_may_not_see_the_people(world, who):
    assert world.client_for(getattr(world, who)).get(url(world)).status_code == 403


def test_visitors_are_sent_to_log_in(world):
    assert world.client_for(None).get(url(world)).status_code == 302


def test_it_searches_by_name(world):
    response = world.client_for(world.member).get(url(world) + "?q=olga")
    assert [p.full_name for p in response.context["page"].object_list] == ["Olga Owner"]


def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries):
    client = world.client_for(world.member)

    def grow():
        company = make_company(by=world.founder, multifactory=world.multifactory,
                               name="Crowded")  # fmt: skip
        for n in range(8):
            person = make_person(f"p{n}@example.org", f"Person {n}")
            services.membership_add(
                by=world.founder, organization=company, person=person
            )

    assert_constant_queries(
        django_assert_num_queries, lambda: client.get(url(world)), grow
    )


def test_a_member_sees_a_person_page_with_companies_and_mandates(world):
    content = world.client_for(world.member).get(person_url(world, world.founder))
    text = content.content.decode()
    assert "Studio Due" in text
    assert "Founding coordinator" in text


def test_a_person_of_another_multifactory_is_not_found_here(world):
    response = world.client_for(world.member).get(person_url(world, world.other))
    assert response.status_code == 404


def test_an_outsider_cannot_see_a_person_page(world):
    response = world.client_for(world.other).get(person_url(world, world.member))
    assert response.status_code == 403
