"""The world of the authorization matrix: one multifactory with an object of every kind,
and one person for every persona the matrix asks about.

Built once per test module (see `tests/test_authorization_matrix.py`); every request of
the matrix runs in a savepoint that is rolled back, so a POST that succeeds changes
nothing for the next case.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import make_company, make_person
from multifactory.api import services as api_services
from multifactory.care import services as care_services
from multifactory.community import services as community
from multifactory.community.models import MandateKind, Role
from multifactory.doors import services as doors_services
from multifactory.governance import services as governance
from multifactory.place import services as place

# Who the matrix asks about, in the order of its columns.
# The smallest GIF: the incident's photo, served only to the people of the place.
ONE_PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01"
    b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

ANONYMOUS = "anonymous"
STRANGER = "stranger"  # representative of a company of another multifactory
NEIGHBOUR = "neighbour"  # representative of another company of the same multifactory
MEMBER = "member"  # plain member of `company`
REPRESENTATIVE = "representative"  # representative of `company`
FOUNDER = "founder"  # founded the multifactory: founder mandate, no company
# Holders of a mandate: each a plain member of a third company, `office`.
TREASURER = "treasurer"
FACILITATOR = "facilitator"
KEYS_KEEPER = "keys_keeper"
TRAINER = "trainer"
EVENTS_COORDINATOR = "events_coordinator"
CUSTOM = "custom"

MANDATE_HOLDERS = {
    TREASURER: MandateKind.TREASURER,
    FACILITATOR: MandateKind.FACILITATOR,
    KEYS_KEEPER: MandateKind.KEYS_KEEPER,
    TRAINER: MandateKind.TRAINER,
    EVENTS_COORDINATOR: MandateKind.EVENTS_COORDINATOR,
    CUSTOM: MandateKind.CUSTOM,
}
PERSONAS = (
    ANONYMOUS,
    STRANGER,
    NEIGHBOUR,
    MEMBER,
    REPRESENTATIVE,
    FOUNDER,
    *MANDATE_HOLDERS,
)


@dataclass
class AuthzWorld:
    people: dict  # persona → Person (None for the anonymous visitor)
    objects: dict = field(default_factory=dict)  # name → model instance
    tokens: dict = field(default_factory=dict)  # name → a one-time secret
    api_tokens: dict = field(default_factory=dict)  # persona → "mf_…"

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None

    def client_for(self, persona: str) -> Client:
        client = Client()
        person = self.people[persona]
        if person is not None:
            client.force_login(person)
        return client


def build() -> AuthzWorld:
    """Every object a URL of the site can name, owned where it matters by `company`."""
    now = timezone.now()
    today = timezone.localdate()
    founder = make_person("founder@example.org", "Giulia Founder")
    representative = make_person("rep@example.org", "Olga Representative")
    member = make_person("member@example.org", "Marco Member")
    neighbour = make_person("neighbour@example.org", "Nina Neighbour")
    stranger = make_person("stranger@example.org", "Sandro Stranger")
    people = {
        ANONYMOUS: None,
        STRANGER: stranger,
        NEIGHBOUR: neighbour,
        MEMBER: member,
        REPRESENTATIVE: representative,
        FOUNDER: founder,
    }
    for persona in MANDATE_HOLDERS:
        people[persona] = make_person(
            f"{persona}@example.org", persona.replace("_", " ").title()
        )

    mf = community.multifactory_create(by=founder, name="R84 Matrix", slug="r84")
    company = make_company(
        by=founder, multifactory=mf, name="Atelier Uno", is_public=True
    )
    neighbour_company = make_company(
        by=founder, multifactory=mf, name="Studio Due", kind="freelancer"
    )
    office = make_company(by=founder, multifactory=mf, name="Officina Tre")
    former = make_company(by=founder, multifactory=mf, name="Quattro Former")
    community.membership_add(
        by=founder,
        organization=company,
        person=representative,
        role=Role.REPRESENTATIVE,
    )
    membership = community.membership_add(
        by=representative, organization=company, person=member
    )
    community.membership_add(
        by=founder,
        organization=neighbour_company,
        person=neighbour,
        role=Role.REPRESENTATIVE,
    )
    mandates = {}
    for persona, kind in MANDATE_HOLDERS.items():
        community.membership_add(
            by=founder, organization=office, person=people[persona]
        )
        mandates[persona] = community.mandate_grant(
            by=founder,
            multifactory=mf,
            person=people[persona],
            kind=kind,
            title="Cleaning of the yard" if kind == MandateKind.CUSTOM else "",
        )
    invitation, invitation_token = community.invitation_create(
        by=representative, organization=company, email="new@example.org"
    )

    elsewhere = community.multifactory_create(
        by=stranger, name="Elsewhere", slug="elsewhere"
    )
    far_company = make_company(
        by=stranger, multifactory=elsewhere, name="Far Away", is_public=True
    )
    community.membership_add(
        by=stranger, organization=far_company, person=stranger, role=Role.REPRESENTATIVE
    )

    api_token, _secret = api_services.api_token_create(by=representative, name="cli")
    api_tokens = {}
    for persona, person in people.items():
        if person is not None:
            api_tokens[persona] = api_services.api_token_create(
                by=person, name="matrix"
            )[1]

    # The place.
    room = place.resource_create(
        by=founder,
        multifactory=mf,
        kind="space",
        name="Meeting room",
        category="meeting_room",
        capacity=8,
        opening_hours=[(day, 0, 24 * 60) for day in range(7)],
    )
    laser_type = place.equipment_type_create(
        by=founder, multifactory=mf, name="Laser cutter", requires_qualification=True
    )
    laser = place.resource_create(
        by=founder,
        multifactory=mf,
        kind="equipment",
        name="Laser cutter",
        category="machine",
        equipment_type=laser_type,
        located_in=room,
    )
    unit = place.resource_create(
        by=founder, multifactory=mf, kind="unit", name="Unit A", area_m2=120
    )
    assignment = place.unit_assign(
        by=founder, unit=unit, organization=company, starts_on=date(2026, 1, 1)
    )
    start = (now + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    booking = place.booking_create(
        by=member,
        resource=room,
        organization=company,
        start=start,
        end=start + timedelta(hours=1),
        now=now,
    )
    series = place.booking_series_create(
        by=member,
        resource=room,
        organization=company,
        start=start + timedelta(hours=2),
        end=start + timedelta(hours=3),
        frequency="weekly",
        count=2,
        now=now,
    )
    qualification = place.qualification_grant(
        by=founder, person=member, equipment_type=laser_type
    )
    _feed, feed_token = place.calendar_feed_rotate(
        by=member, multifactory=mf, scope="person"
    )
    door = doors_services.door_create(by=founder, multifactory=mf, name="Front door")
    key = doors_services.key_create(
        by=founder,
        multifactory=mf,
        kind="badge",
        label="Badge 12",
        code="B-0012",
        doors=[door],
    )
    doors_services.key_issue(by=founder, key=key, holder=member, organization=company)
    policy = doors_services.access_policy_create(
        by=founder, multifactory=mf, name="Members, front door", door=door
    )
    controller, _device_token = doors_services.door_controller_create(
        by=founder, multifactory=mf, name="Front controller", doors=[door]
    )
    incident = care_services.incident_report(
        by=member,
        multifactory=mf,
        title="Leaking tap",
        resource=room,
        photo=SimpleUploadedFile("tap.gif", ONE_PIXEL_GIF, content_type="image/gif"),
    )
    task = care_services.maintenance_task_create(
        by=founder,
        multifactory=mf,
        title="Fix the tap",
        incident=incident,
        assigned_organization=company,
    )
    rota = care_services.chore_rota_create(
        by=founder,
        multifactory=mf,
        name="Kitchen",
        companies=[company, neighbour_company],
        starts_on=today,
    )

    # Governance.
    proposal = governance.proposal_create(
        by=representative,
        multifactory=mf,
        title="Buy a shared laser cutter",
        method="majority",
        closes_at=now + timedelta(days=7),
        open_now=True,
    )
    closed = governance.proposal_create(
        by=representative,
        multifactory=mf,
        title="Paint the yard",
        method="majority",
        closes_at=now + timedelta(days=7),
        open_now=True,
    )
    governance.ballot_cast(
        by=representative, proposal=closed, organization=company, choice={"vote": "yes"}
    )
    decision = governance.proposal_close(by=founder, proposal=closed)
    assembly = governance.assembly_convene(
        by=founder,
        multifactory=mf,
        title="Spring assembly",
        starts_at=now + timedelta(days=30),
        agenda=["Budget"],
    )
    call = governance.open_call_publish(
        by=founder,
        multifactory=mf,
        title="Two workshops free",
        who_we_look_for="Makers who share.",
        deadline=today + timedelta(days=30),
    )
    application_fields = {
        "call": call,
        "kind": "artisan",
        "sector": "C",
        "stage": "growing",
        "produces": "Chairs",
        "project": "We make chairs.",
        "contact_name": "Carla Chairs",
    }
    application, application_token = governance.application_submit(
        company_name="Sedie Cinque", email="chairs@example.org", **application_fields
    )
    governance.application_confirm(multifactory=mf, token=application_token)
    unconfirmed, _unused = governance.application_submit(
        company_name="Sei Ignoto", email="unknown@example.org", **application_fields
    )

    # A person whose company left: their calendar feed must stop working.
    leaver = make_person("leaver@example.org", "Lea Leaver")
    community.membership_add(
        by=founder, organization=former, person=leaver, role=Role.REPRESENTATIVE
    )
    _former_feed, former_feed_token = place.calendar_feed_rotate(
        by=leaver, multifactory=mf, scope="person"
    )
    community.organization_set_status(by=founder, organization=former, status="former")

    objects = {
        "multifactory": mf,
        "company": company,
        "neighbour_company": neighbour_company,
        "office": office,
        "elsewhere": elsewhere,
        "member_person": member,
        "membership": membership,
        "mandate": mandates[TREASURER],
        "founder_mandate": mf.mandates.get(kind=MandateKind.FOUNDER),
        "invitation": invitation,
        "api_token": api_token,
        "room": room,
        "laser": laser,
        "laser_type": laser_type,
        "unit": unit,
        "assignment": assignment,
        "booking": booking,
        "series": series,
        "qualification": qualification,
        "door": door,
        "key": key,
        "policy": policy,
        "controller": controller,
        "incident": incident,
        "task": task,
        "rota": rota,
        "proposal": proposal,
        "decision": decision,
        "assembly": assembly,
        "call": call,
        "application": application,
        "unconfirmed_application": unconfirmed,
        "leaver": leaver,
    }
    tokens = {
        "invitation": invitation_token,
        "feed": feed_token,
        "former_feed": former_feed_token,
        "application": application_token,
    }
    return AuthzWorld(people, objects, tokens, api_tokens)
