"""Issue 7, finding 8: the door access check is throttled, per controller and per
client address (before: no limit, so a stolen controller token could try badge
after badge, and anyone could try token after token)."""

from django.test import Client

from multifactory.doors.models import AccessCheck
from multifactory.doors.tests.test_keys_and_access import doors  # noqa: F401 (fixture)

URL = "/api/v1/place/access-check"


def _check(client, token, badge="B-0012"):
    return client.post(
        URL,
        {"door": "front-door", "badge": badge},
        content_type="application/json",
        headers={"X-Device-Token": token},
    )


def test_a_controller_trying_badge_after_badge_is_stopped(world, doors):  # noqa: F811
    _controller, token, _badge = doors
    client = Client()
    answers = [_check(client, token, f"B-{n:04}").status_code for n in range(61)]

    assert answers[:60] == [200] * 60
    assert answers[60] == 429
    assert AccessCheck.objects.count() == 60
    response = _check(client, token)
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_guessing_tokens_from_one_address_is_stopped(world, doors):  # noqa: F811
    _controller, token, _badge = doors
    client = Client(REMOTE_ADDR="10.9.9.9")
    answers = [_check(client, f"dev_guess{n}").status_code for n in range(120)]
    assert set(answers) == {401}

    # Even the right token gets no answer from this address for now.
    assert _check(client, token).status_code == 429
    assert not AccessCheck.objects.exists()
