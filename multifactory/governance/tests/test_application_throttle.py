"""Issue 7, finding 8: open-call applications are throttled per client address.

Before: anonymous applications to 40 addresses queued 41 e-mails."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from multifactory.api.testing import ApiClient
from multifactory.governance.models import Application
from multifactory.governance.tests.test_cancel_and_apply_api import APPLICATION
from multifactory.governance.tests.test_open_call import quick_forms  # noqa: F401

MF = "/api/v1/m/r84-test"


def test_forty_api_applications_from_one_address_send_ten_e_mails(
    world, call, django_capture_on_commit_callbacks
):
    client = ApiClient(None)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(
                f"{MF}/open-calls/{call.pk}/applications",
                APPLICATION | {"email": f"spam{n}@example.org"},
            )
            for n in range(40)
        ]

    assert [a.status_code for a in answers[:10]] == [202] * 10
    assert {a.status_code for a in answers[10:]} == {429}
    assert len(mail.outbox) == 10
    assert Application.objects.count() == 10
    error = answers[-1].json()["error"]
    assert error["code"] == "throttled"
    assert "Wait" in error["message"]
    assert int(answers[-1]["Retry-After"]) > 0


def test_the_application_page_is_throttled_with_a_translated_page(
    world,
    call,
    quick_forms,  # noqa: F811
):
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    url = reverse("governance:open_call", kwargs={"mf": "r84-test", "pk": call.pk})
    started = client.get(url).context["form"].initial["started"]
    for n in range(10):
        client.post(
            url, APPLICATION | {"email": f"s{n}@example.org", "started": started}
        )

    response = client.post(
        url, APPLICATION | {"email": "one-more@example.org", "started": started}
    )

    assert response.status_code == 429
    assert "Troppe richieste" in response.content.decode()
    assert Application.objects.count() == 10


def test_another_address_may_still_apply(world, call):
    url = f"{MF}/open-calls/{call.pk}/applications"
    for n in range(11):
        ApiClient(None).post(url, APPLICATION | {"email": f"spam{n}@example.org"})

    elsewhere = ApiClient(None)
    elsewhere.client = Client(REMOTE_ADDR="10.1.2.3")
    response = elsewhere.post(url, APPLICATION | {"email": "real@example.org"})

    assert response.status_code == 202
