import pytest
from django.urls import reverse

from multifactory.community import services
from multifactory.core.tests.queries import assert_constant_queries


def url(world, **query):
    base = reverse("audit:trail", kwargs={"mf": world.multifactory.slug})
    return base + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def actions(response):
    return [event.action for event in response.context["page"].object_list]


@pytest.mark.parametrize("who", ["founder", "owner", "member"])
def test_members_read_the_audit_trail(world, who):
    response = world.client_for(getattr(world, who)).get(url(world))
    assert response.status_code == 200
    assert "multifactory.created" in actions(response)


@pytest.mark.parametrize("who", ["outsider", "other"])
def test_others_may_not_read_it(world, who):
    assert world.client_for(getattr(world, who)).get(url(world)).status_code == 403


def test_visitors_are_sent_to_log_in(world):
    assert world.client_for(None).get(url(world)).status_code == 302


def test_it_never_shows_events_of_another_multifactory(world):
    response = world.client_for(world.member).get(url(world))
    assert "Far Away" not in response.content.decode()
    assert all(
        e.multifactory_id == world.multifactory.pk
        for e in response.context["page"].object_list
    )


def test_it_filters_by_action_prefix_and_company(world):
    client = world.client_for(world.member)
    assert set(actions(client.get(url(world, action="mandate.")))) == {
        "mandate.granted"
    }
    by_company = client.get(url(world, company=world.neighbour.slug))
    assert by_company.context["page"].object_list
    assert all(
        e.organization_id == world.neighbour.pk
        for e in by_company.context["page"].object_list
    )


def test_a_company_of_another_multifactory_is_not_a_valid_filter(world):
    response = world.client_for(world.member).get(
        url(world, company=world.other_company.slug)
    )
    assert response.status_code == 200
    assert "company" in response.context["form"].errors


def test_it_shows_who_the_mandate_and_before_after(world):
    services.organization_update_profile(
        by=world.founder, organization=world.company, produces="Hats"
    )
    content = world.client_for(world.member).get(url(world)).content.decode()
    assert "Giulia Founder" in content
    assert "mandate: Founding coordinator" in content
    assert "— → Hats" in content


def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries):
    client = world.client_for(world.member)

    def grow():
        for n in range(8):
            services.organization_update_profile(
                by=world.founder, organization=world.company, produces=f"Thing {n}"
            )

    assert_constant_queries(
        django_assert_num_queries, lambda: client.get(url(world)), grow
    )


def test_it_says_what_happened_in_words_not_codes(world):
    """Item 6 of issue 8: the page never shows a code like `membership.added`."""
    content = world.client_for(world.member).get(url(world)).content.decode()
    table = content.split('id="audit-events"', 1)[1]
    assert "Company added" in table
    assert "Person added to a company" in table
    assert "organization.created" not in table
    assert "membership.added" not in table


def test_it_says_it_in_italian_to_an_italian(world):
    world.member.language = "it"
    world.member.save(update_fields=["language"])
    content = world.client_for(world.member).get(url(world)).content.decode()
    assert "Azienda aggiunta" in content
    assert "Company added" not in content


def test_it_filters_by_an_action_chosen_by_its_label(world):
    response = world.client_for(world.member).get(
        url(world, action="organization.created")
    )
    assert set(actions(response)) == {"organization.created"}
    assert '<option value="organization.created" selected>Company added</option>' in (
        response.content.decode()
    )


def test_an_action_nobody_registered_is_a_form_error_not_a_500(world):
    response = world.client_for(world.member).get(url(world, action="nothing.here"))
    assert response.status_code == 200
    assert "action" in response.context["form"].errors
