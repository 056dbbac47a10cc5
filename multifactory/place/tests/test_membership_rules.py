"""Issue 7, finding 4: the place uses the community's one rule for "is a member of
this multifactory" and one for "acts for this company"."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import make_company
from multifactory.api.testing import ApiClient
from multifactory.community import services as community
from multifactory.doors import services as doors_services
from multifactory.place import services
from multifactory.place.tests.conftest import NOW, book, rome


@pytest.fixture
def founded(world):
    """A new multifactory whose founder (the world's outsider) has no company yet."""
    multifactory = community.multifactory_create(
        by=world.outsider, name="New Place", slug="new-place"
    )
    company = make_company(by=world.outsider, multifactory=multifactory, name="First")
    community.membership_add(
        by=world.outsider, organization=company, person=world.other, role="member"
    )
    return multifactory


PAGES = ["resources", "week_all", "my_bookings", "availability", "units", "feeds"]


@pytest.mark.parametrize("page", PAGES)
def test_a_founder_without_a_company_reads_the_place_like_governance(
    world, founded, page
):
    """Today's main answered 403 here while governance and audit answered 200."""
    client = world.client_for(world.outsider)
    address = reverse(f"place:{page}", kwargs={"mf": founded.slug})
    assert client.get(address).status_code == 200
    governance = reverse("governance:proposals", kwargs={"mf": founded.slug})
    assert client.get(governance).status_code == 200


def test_and_through_the_api(world, founded):
    response = ApiClient(world.outsider).get(
        f"/api/v1/m/{founded.slug}/place/resources"
    )
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("page", PAGES)
def test_a_person_of_no_company_here_still_may_not(world, founded, page):
    address = reverse(f"place:{page}", kwargs={"mf": founded.slug})
    assert world.client_for(world.member).get(address).status_code == 403


@pytest.mark.parametrize("scope", ["person", "organization"])
def test_a_calendar_feed_stops_when_its_company_becomes_former(world, place, scope):
    """Today's main kept serving it: the person still had a (former) membership."""
    _feed, token = services.calendar_feed_rotate(
        by=world.owner,
        multifactory=world.multifactory,
        scope=scope,
        organization=world.company if scope == "organization" else None,
    )
    address = reverse("place:ical", args=[token])
    assert world.client_for(None).get(address).status_code == 200
    community.organization_set_status(
        by=world.founder, organization=world.company, status="former"
    )
    assert world.client_for(None).get(address).status_code == 404


def test_a_former_companys_people_no_longer_act_for_it(world, place):
    booking = book(world, place.room, rome(2027, 3, 23, 10), rome(2027, 3, 23, 11))
    community.organization_set_status(
        by=world.founder, organization=world.company, status="former"
    )
    with pytest.raises(PermissionDenied):
        services.booking_cancel(by=world.member, booking=booking, now=NOW)
    # Still a member of the multifactory through another company, not of this one.
    community.membership_add(
        by=world.founder, organization=world.neighbour, person=world.owner
    )
    with pytest.raises(ValidationError):
        services.calendar_feed_rotate(
            by=world.owner,
            multifactory=world.multifactory,
            scope="organization",
            organization=world.company,
        )


MANDATE_ONLY = [
    "resource_create",
    "resource_update",
    "booking_rule_update",
    "unit_assignment_end",
]
DOORS_MANDATE_ONLY = ["access_policy_create", "access_policy_end"]


@pytest.mark.parametrize(
    "module, name",
    [(services, name) for name in MANDATE_ONLY]
    + [(doors_services, name) for name in DOORS_MANDATE_ONLY],
)
def test_place_services_no_decision_orders_take_no_claimed_decision(module, name):
    """Issue 7, finding 4: these skipped the keys keeper's mandate for any decision
    number; no decision effect orders them, so they take none (unit_assign checks
    the decision it gets)."""
    import inspect

    parameters = inspect.signature(getattr(module, name)).parameters
    assert "decision_reference" not in parameters
    assert "decision" not in parameters


def test_a_rule_change_needs_the_keys_keepers_mandate(world, place):
    with pytest.raises(PermissionDenied):
        services.booking_rule_update(
            by=world.member, resource=place.room, window_days=365
        )
    # A decision number is no authority (today's main accepted it).
    with pytest.raises(PermissionDenied):
        services.booking_rule_update(
            by=world.member,
            resource=place.room,
            window_days=365,
            decision_reference="2026/014",
        )
    place.room.rule.refresh_from_db()
    assert place.room.rule.window_days == 60
