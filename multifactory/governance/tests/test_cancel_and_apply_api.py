"""Cancelling an assembly (page, API) and applying to an open call through the API."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from multifactory.api.testing import ApiClient
from multifactory.audit.models import AuditEvent
from multifactory.governance import services
from multifactory.governance.models import Application, AssemblyState
from multifactory.governance.tests.test_assembly_services import convene
from multifactory.notifications.models import Notification

MF = "/api/v1/m/r84-test"


def test_a_facilitator_cancels_an_assembly_and_representatives_are_told(world):
    assembly = convene(world)
    services.assembly_cancel(by=world.founder, assembly=assembly, reason="Flooding")
    assembly.refresh_from_db()
    assert assembly.state == AssemblyState.CANCELLED
    told = Notification.objects.get(
        person=world.owner, kind="governance_assembly_cancelled"
    )
    assert "Flooding" in told.title
    event = AuditEvent.objects.get(action="assembly.cancelled")
    assert event.changes["reason"] == "Flooding"
    assert event.mandate is not None


def test_cancelling_is_refused_to_a_representative_without_the_mandate(world):
    assembly = convene(world)
    with pytest.raises(PermissionDenied):
        services.assembly_cancel(by=world.owner, assembly=assembly, reason="No")


def test_cancelling_needs_a_reason_and_a_convened_assembly(world):
    assembly = convene(world)
    with pytest.raises(ValidationError) as error:
        services.assembly_cancel(by=world.founder, assembly=assembly, reason="  ")
    assert error.value.message_dict == {"reason": [str(services.CANCEL_REASON_NEEDED)]}
    services.assembly_cancel(by=world.founder, assembly=assembly, reason="Snow")
    with pytest.raises(ValidationError) as error:
        services.assembly_cancel(by=world.founder, assembly=assembly, reason="Again")
    assert error.value.messages == [str(services.ASSEMBLY_NOT_CONVENED)]


def test_the_facilitator_cancels_on_the_page_and_others_cannot(world):
    assembly = convene(world)
    url = reverse(
        "governance:assembly_cancel",
        kwargs={"mf": world.multifactory.slug, "pk": assembly.pk},
    )
    page = world.client_for(world.founder).get(assembly.get_absolute_url())
    assert 'id="cancel-form"' in page.text
    assert 'id="cancel-form"' not in (
        world.client_for(world.owner).get(assembly.get_absolute_url()).text
    )
    assert world.client_for(world.owner).post(url, {"reason": "x"}).status_code == 403
    assert world.client_for(world.outsider).post(url, {"reason": "x"}).status_code in (
        403,
        404,
    )
    response = world.client_for(world.founder).post(
        url, {"reason": "The hall is closed"}, follow=True
    )
    assert "Cancelled" in response.text
    assembly.refresh_from_db()
    assert assembly.state == AssemblyState.CANCELLED


def test_the_api_cancels_an_assembly_for_a_facilitator_only(world):
    assembly = convene(world)
    url = f"{MF}/assemblies/{assembly.pk}/cancel"
    assert ApiClient(world.owner).post(url, {"reason": "x"}).status_code == 403
    response = ApiClient(world.founder).post(url, {"reason": ""})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {
        "reason": [str(services.CANCEL_REASON_NEEDED)]
    }
    response = ApiClient(world.founder).post(url, {"reason": "Storm"})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "cancelled"


APPLICATION = {
    "company_name": "Liuteria Sette",
    "kind": "artist",
    "sector": "R",
    "stage": "starting",
    "produces": "Violins",
    "project": "A violin maker's workshop.",
    "contact_name": "Lia Sette",
    "email": "lia@example.org",
}


def test_a_visitor_applies_through_the_api_and_must_confirm_by_e_mail(
    world, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ApiClient(None).post(
            f"{MF}/open-calls/{call.pk}/applications", APPLICATION
        )
    assert response.status_code == 202, response.json()
    assert response.json()["state"] == "unconfirmed"
    application = Application.objects.get()
    assert application.state == "unconfirmed"
    assert len(mail.outbox) == 1 and "/join/confirm/" in mail.outbox[0].body
    # Members do not see it until the link is opened.
    listed = ApiClient(world.member).get(f"{MF}/open-calls/{call.pk}/applications")
    assert listed.json()["count"] == 0


def test_the_api_refuses_bad_input_and_unknown_calls(world, call):
    client = ApiClient(None)
    response = client.post(
        f"{MF}/open-calls/{call.pk}/applications", APPLICATION | {"email": "nope"}
    )
    assert response.status_code == 422
    assert "email" in response.json()["error"]["fields"]
    response = client.post(
        f"{MF}/open-calls/{call.pk}/applications", APPLICATION | {"kind": "dragon"}
    )
    assert response.status_code == 422
    response = client.post(f"{MF}/open-calls/999999/applications", APPLICATION)
    assert response.status_code == 404


def test_one_e_mail_address_is_rate_limited(world, call):
    client = ApiClient(None)
    url = f"{MF}/open-calls/{call.pk}/applications"
    for n in range(services.APPLICATIONS_PER_EMAIL_PER_DAY):
        # Confirmed ones do not block the next (only a waiting one would).
        response = client.post(url, APPLICATION | {"company_name": f"Liuteria {n}"})
        assert response.status_code == 202, response.json()
        Application.objects.filter(state="unconfirmed").update(state="submitted")
    response = client.post(url, APPLICATION | {"email": "LIA@example.org "})
    assert response.status_code == 429
    assert response.json()["error"] == {
        "code": "throttled",
        "message": str(services.TOO_MANY_APPLICATIONS),
        "fields": {},
    }
    # The page applies the same limit.
    with pytest.raises(ValidationError) as error:
        services.application_submit(call=call, **APPLICATION)
    assert error.value.message_dict == {"email": [str(services.TOO_MANY_APPLICATIONS)]}
    assert (
        ApiClient(None)
        .post(url, APPLICATION | {"email": "someone.else@example.org"})
        .status_code
        == 202
    )
