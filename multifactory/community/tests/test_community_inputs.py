"""Hostile input to the community's forms: a form error on the field, the page again
with 400, never a server error (issue 7, finding 7)."""

import pytest
from django.urls import reverse

from multifactory.community.models import Mandate
from multifactory.core.inputs import DAY_OUT_OF_RANGE

OUT_OF_RANGE = ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"]
NOT_IDS = ["abc", "²", "٣", "-1", "99999999999999999999999", ""]


def url(world, name, **kwargs):
    return reverse(
        f"community:{name}", kwargs={"mf": world.multifactory.slug, **kwargs}
    )


@pytest.mark.parametrize("field", ["starts_on", "ends_on"])
def test_a_mandate_on_a_day_out_of_range_is_a_form_error(world, field):
    client = world.client_for(world.founder)
    before = Mandate.objects.count()
    for day in OUT_OF_RANGE:
        post = {"person": world.member.pk, "kind": "treasurer", field: day}

        response = client.post(url(world, "mandate_grant"), post)

        assert response.status_code == 400, day
        assert response.context["grant_form"].errors[field] == [str(DAY_OUT_OF_RANGE)]
    assert Mandate.objects.count() == before


def test_a_mandate_for_a_person_that_is_not_an_id_is_a_form_error(world):
    client = world.client_for(world.founder)
    # Django's choice field reads "٣" as 3, the same number: not a hostile input.
    for value in [v for v in NOT_IDS if v != "٣"]:
        response = client.post(
            url(world, "mandate_grant"), {"person": value, "kind": "treasurer"}
        )

        assert response.status_code == 400, value
        assert "person" in response.context["grant_form"].errors


def test_a_status_change_on_a_day_out_of_range_is_a_form_error(world):
    client = world.client_for(world.founder)
    for day in OUT_OF_RANGE:
        response = client.post(
            url(world, "organization_status", org=world.company.slug),
            {"status": "leaving", "on": day},
        )

        assert response.status_code == 400, day
    world.company.refresh_from_db()
    assert world.company.status == "member"
