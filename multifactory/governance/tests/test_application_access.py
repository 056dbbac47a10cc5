"""Issue 7, finding 9: an unconfirmed open-call application (its e-mail link not yet
opened) cannot be read or evaluated by id, through the pages or the API; once
confirmed, members see and evaluate it as before."""

import pytest
from django.urls import reverse

from multifactory.api.testing import ApiClient
from multifactory.governance import services
from multifactory.governance.access import NO_SUCH_APPLICATION
from multifactory.governance.models import Evaluation
from multifactory.governance.tests.test_cancel_and_apply_api import APPLICATION

MF = "/api/v1/m/r84-test"


@pytest.fixture
def unconfirmed(call):
    application, token = services.application_submit(call=call, **APPLICATION)
    application.token = token
    return application


def page(name, application):
    return reverse(
        f"governance:{name}", kwargs={"mf": "r84-test", "pk": application.pk}
    )


def test_the_api_does_not_show_an_unconfirmed_application(world, unconfirmed):
    response = ApiClient(world.member).get(f"{MF}/applications/{unconfirmed.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == str(NO_SUCH_APPLICATION)


def test_the_api_does_not_evaluate_an_unconfirmed_application(world, unconfirmed):
    response = ApiClient(world.owner).put(
        f"{MF}/applications/{unconfirmed.pk}/evaluation",
        {"scores": {}, "comment": "spam?"},
    )
    assert response.status_code == 404
    assert not Evaluation.objects.exists()


def test_the_api_does_not_propose_an_unconfirmed_application(world, unconfirmed):
    response = ApiClient(world.owner).post(
        f"{MF}/applications/{unconfirmed.pk}/propose",
        {"closes_at": "2099-01-01T12:00:00+00:00"},
    )
    assert response.status_code == 404


def test_the_pages_do_not_show_or_evaluate_an_unconfirmed_application(
    world, unconfirmed
):
    client = world.client_for(world.owner)
    assert client.get(page("application", unconfirmed)).status_code == 404
    response = client.post(page("application_evaluate", unconfirmed), {})
    assert response.status_code == 404
    assert not Evaluation.objects.exists()


def test_once_confirmed_members_see_it(world, unconfirmed):
    services.application_confirm(
        multifactory=world.multifactory, token=unconfirmed.token
    )
    response = ApiClient(world.member).get(f"{MF}/applications/{unconfirmed.pk}")
    assert response.status_code == 200, response.json()
    assert (
        world.client_for(world.owner).get(page("application", unconfirmed)).status_code
        == 200
    )
