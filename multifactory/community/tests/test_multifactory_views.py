import pytest
from django.urls import reverse

from multifactory.audit.models import AuditEvent
from multifactory.community.access import NO_MANDATE
from multifactory.community.models import MandateKind
from multifactory.community.services import multifactory_update


def page(world):
    return reverse("community:multifactory", kwargs={"mf": world.multifactory.slug})


def settings_url(world):
    return reverse("community:settings", kwargs={"mf": world.multifactory.slug})


FORM = {"name": "R84 Mantova", "address": "Via Roma 1", "time_zone": "Europe/Rome",
        "currency": "EUR", "languages": ["en", "it"], "description": "",
        "public_page": "## Welcome\n\nOpen call **now**.", "is_public": "on"}  # fmt: skip


def test_visitors_read_the_public_page_as_sanitized_markdown(world):
    multifactory_update(
        by=world.founder,
        multifactory=world.multifactory,
        public_page="# Hello\n\n<script>alert(1)</script>**bold**",
    )
    content = world.client_for(None).get(page(world)).content.decode()
    assert "<h1>Hello</h1>" in content
    assert "<strong>bold</strong>" in content
    assert "<script>alert" not in content


def test_only_the_founder_sees_the_settings_link(world):
    assert (
        b'id="settings-link"'
        in world.client_for(world.founder).get(page(world)).content
    )
    for person in [world.owner, world.member, world.outsider, world.other, None]:
        assert (
            b'id="settings-link"'
            not in world.client_for(person).get(page(world)).content
        )


def test_the_founder_edits_the_settings_and_the_audit_names_the_mandate(world):
    response = world.client_for(world.founder).post(settings_url(world), FORM)
    assert response.status_code == 302
    world.multifactory.refresh_from_db()
    assert world.multifactory.name == "R84 Mantova"
    event = AuditEvent.objects.filter(action="multifactory.updated").latest("id")
    assert event.mandate.kind == MandateKind.FOUNDER
    assert event.changes["name"] == ["R84 Test", "R84 Mantova"]
    assert "languages" not in event.changes  # unchanged fields stay out of the diff


@pytest.mark.parametrize("who", ["owner", "member", "outsider", "other"])
def test_nobody_else_edits_the_settings(world, who):
    client = world.client_for(getattr(world, who))
    response = client.post(settings_url(world), FORM)
    assert response.status_code == 403
    assert str(NO_MANDATE % {"kind": MandateKind.FOUNDER.label}) in (
        response.content.decode()
    )
    world.multifactory.refresh_from_db()
    assert world.multifactory.name == "R84 Test"


def test_visitors_are_sent_to_log_in_for_the_settings(world):
    response = world.client_for(None).get(settings_url(world))
    assert response.status_code == 302


def test_the_founder_of_another_multifactory_cannot_edit_this_one(world):
    response = world.client_for(world.other).get(settings_url(world))
    assert response.status_code == 403


def test_settings_errors_show_on_the_fields(world):
    client = world.client_for(world.founder)
    response = client.post(settings_url(world), FORM | {"languages": []})
    assert response.status_code == 400
    assert "languages" in response.context["form"].errors
    response = client.post(settings_url(world), FORM | {"time_zone": "Nowhere/Land"})
    assert response.status_code == 400
    assert "Europe/Rome" in response.context["form"].errors["time_zone"][0]
    world.multifactory.refresh_from_db()
    assert world.multifactory.time_zone == "Europe/Rome"
