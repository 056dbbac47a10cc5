"""Issue 7, finding 9: an incident's photo is served to whoever may see the incident,
and to no one else (before: from /media/ to anyone, and 404 on the development
server)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from multifactory.api.testing import ApiClient
from multifactory.care import services as care_services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def incident(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    reported = care_services.incident_report(
        by=world.member, multifactory=world.multifactory, title="Leaking tap"
    )
    return care_services.incident_photo_set(
        by=world.member,
        incident=reported,
        photo=SimpleUploadedFile("tap.png", PNG, "image/png"),
    )


def photo_url(incident) -> str:
    return reverse("care:incident_photo", kwargs={"mf": "r84-test", "pk": incident.pk})


def test_a_member_sees_the_photo_with_its_type_and_nosniff(world, incident):
    response = world.client_for(world.owner).get(photo_url(incident))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Cache-Control"].startswith("private")


@pytest.mark.parametrize("who", ["outsider", "other"])
def test_people_outside_the_multifactory_do_not_see_it(world, incident, who):
    response = world.client_for(getattr(world, who)).get(photo_url(incident))
    assert response.status_code == 403


def test_a_visitor_is_sent_to_log_in(world, incident):
    response = world.client_for(None).get(photo_url(incident))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_photo_is_not_served_under_media(world, incident):
    public = f"/media/{incident.photo.name}"
    assert world.client_for(None).get(public).status_code == 404
    assert world.client_for(world.owner).get(public).status_code == 404


def test_an_incident_of_another_multifactory_is_not_found(world, incident):
    url = reverse("care:incident_photo", kwargs={"mf": "elsewhere", "pk": incident.pk})
    assert world.client_for(world.other).get(url).status_code == 404


def test_a_file_that_is_not_an_image_is_a_download(world, incident):
    with incident.photo.open("wb") as photo:
        photo.write(b"<html><script>alert(1)</script>")

    response = world.client_for(world.owner).get(photo_url(incident))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_behind_nginx_the_app_answers_with_x_accel_redirect(world, incident, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"

    response = world.client_for(world.owner).get(photo_url(incident))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{incident.photo.name}"
    assert response["Content-Type"] == "image/png"
    assert response.content == b""


def test_the_care_page_and_the_api_link_to_the_checked_address(world, incident):
    page = world.client_for(world.owner).get("/m/r84-test/place/care/")
    assert photo_url(incident) in page.content.decode()
    assert "/media/" not in page.content.decode()

    listed = ApiClient(world.member).post_files(
        f"/api/v1/m/r84-test/place/incidents/{incident.pk}/photo",
        {"photo": SimpleUploadedFile("tap.png", PNG)},
    )
    assert listed.json()["photo_url"] == photo_url(incident)
