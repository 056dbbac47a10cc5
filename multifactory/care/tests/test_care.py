"""Incidents, maintenance tasks and chores rotas: services, pages and API."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from multifactory.audit.models import AuditEvent
from multifactory.care import selectors as care_selectors
from multifactory.care import services as care_services
from multifactory.care.models import TaskStatus


class TestCare:
    def test_a_member_reports_an_urgent_incident_and_the_keys_keeper_hears(
        self, world, place
    ):
        incident = care_services.incident_report(
            by=world.member,
            multifactory=world.multifactory,
            title="Water on the workshop floor",
            resource=place.room,
            urgency="urgent",
        )
        assert AuditEvent.objects.filter(action="incident.reported").exists()
        assert world.founder.notifications.filter(kind="incident_reported").exists()
        with pytest.raises(PermissionDenied):
            care_services.incident_report(
                by=world.outsider, multifactory=world.multifactory, title="x"
            )
        care_services.incident_set_status(
            by=world.founder, incident=incident, status="resolved"
        )
        assert incident.resolved_at is not None

    def test_a_task_is_moved_along_by_its_company_not_by_others(self, world, place):
        task = care_services.maintenance_task_create(
            by=world.founder,
            multifactory=world.multifactory,
            title="Oil the overhead crane",
            assigned_organization=world.company,
            due_on=date(2027, 4, 1),
        )
        care_services.maintenance_task_set_status(
            by=world.member, task=task, status="doing"
        )
        assert task.status == TaskStatus.DOING
        with pytest.raises(PermissionDenied):
            care_services.maintenance_task_set_status(
                by=world.other, task=task, status="done"
            )

    def test_the_rota_rotates_among_companies_period_by_period(self, world, place):
        rota = care_services.chore_rota_create(
            by=world.founder,
            multifactory=world.multifactory,
            name="Kitchen cleaning",
            companies=[world.company, world.neighbour],
            starts_on=date(2027, 3, 1),
            period_days=7,
        )
        turns = care_selectors.rota_turns(rota, since=date(2027, 3, 16), count=3)
        assert [(t.starts_on, t.organization) for t in turns] == [
            (date(2027, 3, 15), world.company),
            (date(2027, 3, 22), world.neighbour),
            (date(2027, 3, 29), world.company),
        ]
        with pytest.raises(ValidationError):
            care_services.chore_rota_create(
                by=world.founder,
                multifactory=world.multifactory,
                name="Nobody",
                companies=[world.other_company],
                starts_on=date(2027, 3, 1),
            )


class TestCarePages:
    def test_a_member_reports_an_incident_with_a_photo(
        self, world, place, settings, tmp_path
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from multifactory.care.models import Incident

        settings.MEDIA_ROOT = tmp_path
        photo = SimpleUploadedFile(
            "leak.jpg", b"\xff\xd8\xff\xe0fakejpeg", "image/jpeg"
        )
        response = world.client_for(world.member).post(
            "/m/r84-test/place/care/",
            {
                "title": "Leak in the kitchen",
                "urgency": "high",
                "resource": place.room.pk,
                "photo": photo,
            },
        )
        assert response.status_code == 302
        incident = Incident.objects.get()
        assert incident.photo.name.endswith(".jpg")
        page = world.client_for(world.owner).get("/m/r84-test/place/care/")
        assert "Leak in the kitchen" in page.content.decode()

    def test_an_outsider_cannot_see_the_care_page(self, world, place):
        assert (
            world.client_for(world.outsider).get("/m/r84-test/place/care/").status_code
            == 403
        )

    def test_the_api_lists_rotas_and_reports_incidents(self, world, place):
        from multifactory.api.testing import ApiClient

        care_services.chore_rota_create(
            by=world.founder,
            multifactory=world.multifactory,
            name="Garden watering",
            companies=[world.company, world.neighbour],
            starts_on=date(2026, 1, 5),
        )
        api = ApiClient(world.member)
        rotas = api.get("/api/v1/m/r84-test/place/rotas").json()
        assert len(rotas[0]["turns"]) == 6
        created = api.post(
            "/api/v1/m/r84-test/place/incidents",
            {"title": "Broken lamp", "resource": place.room.slug},
        )
        assert created.status_code == 201, created.json()
