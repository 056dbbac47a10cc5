"""The photo of an incident through the API: its reporter or the keys keeper."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from multifactory.api.testing import ApiClient, error_of
from multifactory.audit.models import AuditEvent
from multifactory.care import services as care_services
from multifactory.care.services import PHOTO_NOT_AN_IMAGE, PHOTO_NOT_YOURS

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def incident(world):
    return care_services.incident_report(
        by=world.member, multifactory=world.multifactory, title="Leaking tap"
    )


def url(world, incident) -> str:
    return f"/api/v1/m/{world.multifactory.slug}/place/incidents/{incident.pk}/photo"


def post_photo(client, path, content=PNG, name="tap.png"):
    return client.post_files(path, {"photo": SimpleUploadedFile(name, content)})


def test_the_reporter_attaches_a_photo(world, incident, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = post_photo(ApiClient(world.member), url(world, incident))
    assert response.status_code == 200, response.content
    assert response.json()["photo_url"]
    assert AuditEvent.objects.filter(action="incident.photo_set").exists()


def test_the_founder_as_keys_keeper_attaches_a_photo(
    world, incident, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = post_photo(ApiClient(world.founder), url(world, incident))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="incident.photo_set")
    assert event.mandate is not None


def test_a_file_that_is_not_an_image_is_refused_on_the_field(world, incident):
    response = post_photo(
        ApiClient(world.member), url(world, incident), b"MZ not a picture", "x.png"
    )
    assert response.status_code == 422
    assert error_of(response)["fields"]["photo"] == [str(PHOTO_NOT_AN_IMAGE)]


def test_another_member_may_not_attach_a_photo(world, incident):
    response = post_photo(ApiClient(world.owner), url(world, incident))
    assert response.status_code == 403
    assert error_of(response)["message"] == str(PHOTO_NOT_YOURS)


@pytest.mark.parametrize("who", ["outsider", "other"])
def test_people_outside_the_multifactory_are_refused(world, incident, who):
    response = post_photo(ApiClient(getattr(world, who)), url(world, incident))
    assert response.status_code == 403


def test_an_incident_of_another_multifactory_is_not_found(world, incident):
    path = (
        f"/api/v1/m/{world.other_multifactory.slug}/place/incidents/{incident.pk}/photo"
    )
    response = post_photo(ApiClient(world.other), path)
    assert response.status_code == 404
