"""Issue 7, finding 8: one person sends a limited number of invitations an hour."""

from django.core import mail
from django.urls import reverse

from multifactory.api.testing import ApiClient
from multifactory.community.models import Invitation


def test_the_thirty_first_invitation_within_the_hour_is_refused(
    world, django_capture_on_commit_callbacks
):
    api = ApiClient(world.owner)
    url = "/api/v1/m/r84-test/companies/atelier-uno/invitations"
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            api.post(url, {"email": f"new{n}@example.org", "role": "member"})
            for n in range(31)
        ]

    assert [a.status_code for a in answers[:30]] == [201] * 30
    assert answers[30].status_code == 429
    assert answers[30].json()["error"]["code"] == "throttled"
    assert Invitation.objects.count() == 30
    assert len(mail.outbox) == 30


def test_the_invitation_page_shares_the_same_count(world):
    api = ApiClient(world.owner)
    for n in range(30):
        api.post(
            "/api/v1/m/r84-test/companies/atelier-uno/invitations",
            {"email": f"new{n}@example.org", "role": "member"},
        )

    response = world.client_for(world.owner).post(
        reverse(
            "community:invitation_create",
            kwargs={"mf": "r84-test", "org": "atelier-uno"},
        ),
        {"email": "one-more@example.org", "role": "member"},
    )

    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert not Invitation.objects.filter(email="one-more@example.org").exists()
