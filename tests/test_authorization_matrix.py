"""Who may do what: every page and every API operation × every persona.

The routes come from the URL resolver and the operations from the OpenAPI document of
/api/v1, so a new route or operation without an entry in WEB or API below fails the
suite, with a message saying where to add it. Each entry says once, per method, which
personas get past the access checks; every other persona must be refused (401, 403,
404 or a redirect to the login page). Reads are a GET; writes a harmless POST (an
empty form for pages, a small body for the API): the point is who gets past the
checks, not the write. An allowed persona may still see a form error or a 409/422
about the data, never a refusal; nobody ever gets a 500.

The world is built once per module (tests/authz_world.py) and every case runs in a
savepoint that is rolled back, so a write that succeeds changes nothing for the next.
A case where the code is known to be wrong carries the correct expectation and is
marked xfail(strict=True) with the reason, so that fixing it fails until the mark goes.
"""

import json
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from multifactory.community.models import Mandate, MandateKind
from tests import authz_matrix as matrix
from tests.authz_matrix import ALLOWED, REFUSED, expect
from tests.authz_world import (
    ANONYMOUS,
    FACILITATOR,
    FOUNDER,
    KEYS_KEEPER,
    MANDATE_HOLDERS,
    MEMBER,
    NEIGHBOUR,
    PERSONAS,
    REPRESENTATIVE,
    STRANGER,
    TRAINER,
    build,
)

# Audiences: who gets past the access checks.
EVERYONE = frozenset(PERSONAS)
PEOPLE = EVERYONE - {ANONYMOUS}  # anyone logged in, of any multifactory
# The people of the multifactory's active companies, and its founder, who starts it
# before any company exists: they read the inside of the community.
INSIDERS = frozenset({NEIGHBOUR, MEMBER, REPRESENTATIVE, FOUNDER, *MANDATE_HOLDERS})
COMPANY = frozenset({MEMBER, REPRESENTATIVE})  # the people of `company`
# Who acts for `company`: its representative; the founder on the community's behalf.
COMPANY_WRITERS = frozenset({REPRESENTATIVE, FOUNDER})
REPRESENTATIVES = frozenset({NEIGHBOUR, REPRESENTATIVE})  # of any member company
# The founder mandate counts for every kind until the managing body decides otherwise.
FOUNDERS = frozenset({FOUNDER})
KEEPERS = frozenset({KEYS_KEEPER, FOUNDER})
FACILITATORS = frozenset({FACILITATOR, FOUNDER})
TRAINERS = frozenset({TRAINER, FOUNDER})
NOBODY = frozenset()


# Pages: URL name → who may use each method. `args` fill the address from the world.
WEB = {
    # Core: the site, accounts, tokens.
    "home": expect(GET=EVERYONE, POST=EVERYONE),
    "multifactory_found": expect(POST=PEOPLE),
    "language_set": expect(POST=EVERYONE),
    "login": expect(GET=EVERYONE, POST=EVERYONE),
    "logout": expect(POST=EVERYONE),
    "profile": expect(GET=PEOPLE, POST=PEOPLE),
    "password_change": expect(GET=PEOPLE, POST=PEOPLE),
    "password_change_done": expect(GET=PEOPLE),
    "api_token_create": expect(POST=PEOPLE),
    # The token is the representative's: nobody else may revoke it.
    "api_token_revoke": expect(POST={REPRESENTATIVE}, args={"pk": "api_token"}),
    "password_reset": expect(GET=EVERYONE, POST=EVERYONE),
    "password_reset_done": expect(GET=EVERYONE),
    "password_reset_confirm": expect(
        GET=EVERYONE, POST=EVERYONE, args={"uidb64": "=MQ", "token": "=set-password"}
    ),
    "password_reset_complete": expect(GET=EVERYONE),
    "invitation_accept": expect(
        GET=EVERYONE, POST=EVERYONE, args={"token": "token:invitation"}
    ),
    # Community.
    "community:multifactory": expect(GET=EVERYONE, POST=EVERYONE),
    "community:settings": expect(GET=FOUNDERS, POST=FOUNDERS),
    "community:directory": expect(GET=EVERYONE, POST=EVERYONE),
    "community:organization_create": expect(GET=FOUNDERS, POST=FOUNDERS),
    # `company` has a public profile.
    "community:organization": expect(GET=EVERYONE, POST=EVERYONE),
    "community:organization_edit": expect(GET=COMPANY_WRITERS, POST=COMPANY_WRITERS),
    "community:organization_status": expect(POST=FOUNDERS),
    "community:invitation_create": expect(POST=COMPANY_WRITERS),
    "community:invitation_revoke": expect(
        POST=COMPANY_WRITERS, args={"pk": "invitation"}
    ),
    "community:membership_role": expect(
        POST=COMPANY_WRITERS, args={"pk": "membership"}
    ),
    # The member's own membership: they may leave.
    "community:membership_remove": expect(
        POST=COMPANY_WRITERS | {MEMBER}, args={"pk": "membership"}
    ),
    "community:people": expect(GET=INSIDERS, POST=INSIDERS),
    "community:person": expect(GET=INSIDERS, POST=INSIDERS),
    "community:mandates": expect(GET=INSIDERS, POST=INSIDERS),
    "community:mandate_grant": expect(POST=FOUNDERS),
    "community:mandate_revoke": expect(POST=FOUNDERS, args={"pk": "mandate"}),
    "audit:trail": expect(GET=INSIDERS, POST=INSIDERS),
    "notifications:inbox": expect(GET=PEOPLE, POST=PEOPLE),
    "notifications:mark_read": expect(POST=PEOPLE),
    "notifications:mark_all_read": expect(POST=PEOPLE),
    "notifications:preferences": expect(GET=PEOPLE, POST=PEOPLE),
    # The place: members read it and book; the keys keeper manages it.
    "place:resources": expect(GET=INSIDERS, POST=INSIDERS),
    "place:week_all": expect(GET=INSIDERS, POST=INSIDERS),
    "place:my_bookings": expect(GET=INSIDERS, POST=INSIDERS),
    "place:availability": expect(GET=INSIDERS, POST=INSIDERS),
    "place:units": expect(GET=INSIDERS, POST=INSIDERS),
    "place:feeds": expect(GET=INSIDERS, POST=INSIDERS),
    "place:resource": expect(GET=INSIDERS, POST=INSIDERS),
    "place:week": expect(GET=INSIDERS, POST=INSIDERS),
    "care:care": expect(
        GET=INSIDERS,
        POST=INSIDERS,
    ),
    "place:qualifications": expect(GET=INSIDERS, POST=TRAINERS),
    "doors:keys": expect(GET=KEEPERS, POST=KEEPERS),
    # The booking is `company`'s; the room's approver is the keys keeper.
    "place:booking_cancel": expect(POST=COMPANY | KEEPERS, args={"pk": "booking"}),
    "place:booking_move": expect(
        GET=COMPANY | KEEPERS, POST=COMPANY | KEEPERS, args={"pk": "booking"}
    ),
    "place:booking_decide": expect(POST=KEEPERS, args={"pk": "booking"}),
    "care:task_status": expect(POST=COMPANY | KEEPERS, args={"pk": "task"}),
    "care:incident_status": expect(POST=KEEPERS, args={"pk": "incident"}),
    # A private upload: only the people who read the care page.
    "care:incident_photo": expect(GET=INSIDERS, args={"pk": "incident"}),
    "doors:key_issue": expect(POST=KEEPERS),
    "doors:key_return": expect(POST=KEEPERS, args={"pk": "key"}),
    "place:rule_edit": expect(GET=KEEPERS, POST=KEEPERS),
    "place:equipment_types": expect(GET=KEEPERS, POST=KEEPERS),
    "place:equipment_type_edit": expect(
        GET=KEEPERS, POST=KEEPERS, args={"pk": "laser_type"}
    ),
    "place:resource_edit": expect(GET=KEEPERS, POST=KEEPERS),
    "doors:door_create": expect(POST=KEEPERS),
    "doors:key_create": expect(POST=KEEPERS),
    "doors:policy_create": expect(POST=KEEPERS),
    "doors:policy_end": expect(POST=KEEPERS, args={"pk": "policy"}),
    "doors:controller_create": expect(POST=KEEPERS),
    "doors:controller_rotate": expect(POST=KEEPERS, args={"pk": "controller"}),
    "doors:controller_revoke": expect(POST=KEEPERS, args={"pk": "controller"}),
    "care:rota_create": expect(GET=KEEPERS, POST=KEEPERS),
    "place:assignment_end": expect(POST=KEEPERS, args={"pk": "assignment"}),
    "place:qualification_revoke": expect(POST=TRAINERS, args={"pk": "qualification"}),
    # A calendar feed is read with its secret address, by any calendar program.
    "place:ical": expect(GET=EVERYONE, POST=EVERYONE, args={"token": "token:feed"}),
    # Governance.
    "governance:proposals": expect(GET=INSIDERS, POST=INSIDERS),
    "governance:proposal_create": expect(
        GET=REPRESENTATIVES | FACILITATORS, POST=REPRESENTATIVES | FACILITATORS
    ),
    "governance:proposal": expect(
        GET=INSIDERS,
        POST=INSIDERS,
        args={"pk": "proposal"},
    ),
    # After the close, a voter checks its receipt (in the body, never the address).
    "governance:receipt_check": expect(POST=INSIDERS, args={"pk": "proposal"}),
    # A vote, a request and a proxy for `company`: its representative only.
    "governance:vote": expect(
        POST={REPRESENTATIVE},
        args={"pk": "proposal"},
        body=lambda w: {"organization": w.company.pk, "vote": "yes"},
    ),
    "governance:open": expect(
        POST={REPRESENTATIVE} | FACILITATORS, args={"pk": "proposal"}
    ),
    # Its proposer may close it only once the window is over: a facilitator, early.
    "governance:close": expect(
        POST=FACILITATORS, args={"pk": "proposal"}, refused_by_state={REPRESENTATIVE}
    ),
    "governance:withdraw": expect(
        POST={REPRESENTATIVE} | FACILITATORS, args={"pk": "proposal"}
    ),
    "governance:decisions": expect(GET=INSIDERS, POST=INSIDERS),
    "governance:decision": expect(GET=INSIDERS, POST=INSIDERS),
    "governance:rules": expect(GET=INSIDERS, POST=INSIDERS),
    "governance:charter": expect(GET=INSIDERS, POST=INSIDERS),
    "governance:assemblies": expect(GET=INSIDERS, POST=INSIDERS),
    "governance:assembly_request": expect(
        POST={REPRESENTATIVE}, body=lambda w: {"organization": w.company.pk}
    ),
    "governance:assembly_convene": expect(GET=FACILITATORS, POST=FACILITATORS),
    "governance:assembly": expect(GET=INSIDERS, POST=INSIDERS, args={"pk": "assembly"}),
    "governance:assembly_proxy": expect(
        POST={REPRESENTATIVE},
        args={"pk": "assembly"},
        body=lambda w: {"giver": w.company.pk, "holder": w.neighbour_company.pk},
    ),
    "governance:assembly_attendance": expect(
        POST=FACILITATORS, args={"pk": "assembly"}
    ),
    "governance:assembly_cancel": expect(POST=FACILITATORS, args={"pk": "assembly"}),
    "governance:assembly_minutes": expect(POST=FACILITATORS, args={"pk": "assembly"}),
    "governance:open_calls": expect(GET=EVERYONE, POST=EVERYONE),
    "governance:open_call_publish": expect(GET=FACILITATORS, POST=FACILITATORS),
    "governance:open_call": expect(GET=EVERYONE, POST=EVERYONE, args={"pk": "call"}),
    "governance:application_confirm": expect(
        GET=EVERYONE, POST=EVERYONE, args={"token": "token:application"}
    ),
    "governance:application": expect(
        GET=INSIDERS, POST=INSIDERS, args={"pk": "application"}
    ),
    "governance:application_evaluate": expect(
        POST=INSIDERS, args={"pk": "application"}
    ),
    "governance:application_propose": expect(
        POST=REPRESENTATIVES | FACILITATORS, args={"pk": "application"}
    ),
    # The operator's admin: staff only, and no persona of the matrix is staff.
    "admin:login": expect(GET=EVERYONE, POST=EVERYONE),
    "admin:logout": expect(GET=EVERYONE, POST=EVERYONE),
}
# Every other page of the operator's admin (the models it registers come and go).
ADMIN = expect(GET=NOBODY, POST=NOBODY)
ADMIN_ARGS = {
    "app_label": "=auth",
    "object_id": "=1",
    "content_type_id": "=1",
    "url": "=anything/",
}


def _soon(w, days=3, hours=1):
    start = (timezone.now() + timedelta(days=days)).replace(minute=0, second=0)
    return start.isoformat(), (start + timedelta(hours=hours)).isoformat()


def _booking_body(w):
    start, end = _soon(w, days=5)
    return {
        "resource": w.room.slug,
        "organization": w.company.slug,
        "start": start,
        "end": end,
    }


def _window(w):
    start, end = _soon(w)
    return {"start": start, "end": end}


# API operations: operationId → who may call it (`who`). `body` (a dict, or a function
# of the world) passes the request's schema, so that an answer about the data means
# the request got past the access checks; `query` fills the query string.
def op(who, *, args=None, body=None, query=None, fixes=None, note=""):
    entry = expect(args=args, body=body, fixes=fixes, note=note, ANY=who)
    return entry if query is None else entry.with_query(query)


API = {
    # Community.
    "community_api_multifactory_list": op(EVERYONE),
    "community_api_multifactory_create": op(PEOPLE, body={"name": "R84"}),
    "community_api_multifactory_get": op(EVERYONE),
    "community_api_multifactory_update": op(FOUNDERS, body={}),
    "community_api_organization_list": op(EVERYONE),
    "community_api_organization_create": op(
        FOUNDERS,
        body={"name": "Atelier Uno", "kind": "sme", "sector": "C", "stage": "growing"},
    ),
    "community_api_organization_get": op(EVERYONE),
    "community_api_organization_update": op(COMPANY_WRITERS, body={}),
    "community_api_organization_set_status": op(FOUNDERS, body={"status": "member"}),
    "community_api_me_get": op(PEOPLE),
    "community_api_me_update": op(PEOPLE, body={}),
    "community_api_person_list": op(INSIDERS),
    "community_api_person_get": op(INSIDERS),
    "community_api_membership_list": op(INSIDERS),
    "community_api_membership_add": op(
        COMPANY_WRITERS, body=lambda w: {"person_id": w.people[MEMBER].pk}
    ),
    "community_api_membership_set_role": op(COMPANY_WRITERS, body={"role": "member"}),
    # The member's own membership: they may leave.
    "community_api_membership_remove": op(COMPANY_WRITERS | {MEMBER}),
    "community_api_mandate_list": op(INSIDERS),
    "community_api_mandate_grant": op(
        FOUNDERS,
        body=lambda w: {"person_id": w.people[STRANGER].pk, "kind": "treasurer"},
    ),
    "community_api_mandate_revoke": op(FOUNDERS, body={}),
    "community_api_invitation_list": op(COMPANY_WRITERS),
    "community_api_invitation_create": op(
        COMPANY_WRITERS, body={"email": "someone@example.org"}
    ),
    "community_api_invitation_revoke": op(COMPANY_WRITERS),
    "community_api_invitation_accept": op(EVERYONE, body={"token": "not-a-token"}),
    "notifications_api_notification_list": op(PEOPLE),
    "notifications_api_notification_mark_read": op(PEOPLE, body={}),
    "notifications_api_preference_list": op(PEOPLE),
    "notifications_api_preference_set": op(
        PEOPLE, body={"in_app": True, "email": True}
    ),
    "audit_api_audit_list": op(INSIDERS),
    # Governance.
    "governance_api_proposal_list": op(INSIDERS),
    "governance_api_proposal_create": op(
        REPRESENTATIVES | FACILITATORS, body={"title": "", "method": "majority"}
    ),
    "governance_api_proposal_get": op(INSIDERS, args={"pk": "proposal"}),
    "governance_api_proposal_open": op(
        {REPRESENTATIVE} | FACILITATORS, args={"pk": "proposal"}
    ),
    # A ballot and a proxy for `company`: its representative only.
    "governance_api_ballot_cast": op(
        {REPRESENTATIVE},
        args={"pk": "proposal"},
        body=lambda w: {"organization": w.company.slug, "choice": {"vote": "yes"}},
    ),
    "governance_api_receipt_check": op(
        INSIDERS, args={"pk": "proposal"}, body={"receipt": "not-a-receipt"}
    ),
    "governance_api_proposal_close": op(FACILITATORS, args={"pk": "proposal"}),
    "governance_api_proposal_withdraw": op(
        {REPRESENTATIVE} | FACILITATORS, args={"pk": "proposal"}
    ),
    "governance_api_decision_list": op(INSIDERS),
    "governance_api_decision_get": op(INSIDERS),
    "governance_api_rule_list": op(INSIDERS),
    "governance_api_charter_versions": op(INSIDERS),
    "governance_api_effect_types": op(PEOPLE),
    "governance_api_assembly_list": op(INSIDERS),
    "governance_api_assembly_convene": op(
        FACILITATORS, body={"title": "", "starts_at": "2020-01-01T10:00:00Z"}
    ),
    "governance_api_assembly_get": op(INSIDERS, args={"pk": "assembly"}),
    "governance_api_proxy_give": op(
        {REPRESENTATIVE},
        args={"pk": "assembly"},
        body=lambda w: {"giver": w.company.slug, "holder": w.neighbour_company.slug},
    ),
    "governance_api_assembly_cancel": op(
        FACILITATORS, args={"pk": "assembly"}, body={"reason": ""}
    ),
    "governance_api_attendance_record": op(
        FACILITATORS, args={"pk": "assembly"}, body={"present": ["no-such-company"]}
    ),
    "governance_api_minutes_record": op(
        FACILITATORS, args={"pk": "assembly"}, body={"minutes": ""}
    ),
    "governance_api_minutes_approve": op(
        FACILITATORS,
        args={"pk": "assembly"},
        body=lambda w: {"minutes_of": w.assembly.pk},
    ),
    "governance_api_open_call_list": op(EVERYONE),
    "governance_api_application_submit": op(
        EVERYONE,
        args={"pk": "call"},
        body={
            "company_name": "",
            "kind": "sme",
            "sector": "C",
            "stage": "growing",
            "produces": "",
            "project": "",
            "contact_name": "",
            "email": "applicant@example.org",
        },
    ),
    "governance_api_application_list": op(INSIDERS, args={"pk": "call"}),
    "governance_api_application_get": op(INSIDERS, args={"pk": "application"}),
    "governance_api_evaluation_save": op(
        INSIDERS, args={"pk": "application"}, body={"scores": {"nonsense": 9}}
    ),
    "governance_api_application_propose": op(
        REPRESENTATIVES | FACILITATORS,
        args={"pk": "application"},
        body={"closes_at": "2020-01-01T10:00:00Z"},
    ),
    # The place.
    "place_api_resource_list": op(INSIDERS),
    "place_api_resource_get": op(INSIDERS),
    "place_api_resource_bookings": op(INSIDERS, query=_window),
    "place_api_availability": op(INSIDERS, query=_window),
    "place_api_booking_create": op(COMPANY, body=_booking_body),
    "place_api_my_bookings": op(INSIDERS),
    "place_api_booking_get": op(INSIDERS),
    "place_api_booking_move": op(COMPANY | KEEPERS, body=_window),
    "place_api_booking_cancel": op(COMPANY | KEEPERS),
    "place_api_booking_approve": op(KEEPERS),
    "place_api_booking_reject": op(KEEPERS),
    "place_api_series_create": op(
        COMPANY,
        body=lambda w: _booking_body(w) | {"frequency": "weekly", "count": 2},
    ),
    "place_api_series_cancel": op(COMPANY),
    "place_api_units": op(INSIDERS),
    "place_api_usage": op(INSIDERS, query=_window),
    "place_api_qualification_grant": op(
        TRAINERS,
        body=lambda w: {
            "person_id": w.people[NEIGHBOUR].pk,
            "equipment_type_id": w.laser_type.pk,
        },
    ),
    "place_api_feed_rotate": op(INSIDERS, body={"scope": "person"}),
    # A door controller's device token, not a person's: nobody of the matrix.
    "doors_api_access_check": op(NOBODY, body={"door": "front", "badge": "B-0012"}),
    "doors_api_access_log": op(KEEPERS),
    "doors_api_key_register": op(KEEPERS),
    "care_api_incident_list": op(INSIDERS),
    "care_api_incident_report": op(INSIDERS, body={"title": ""}),
    "care_api_task_list": op(INSIDERS),
    "care_api_task_create": op(KEEPERS, body={"title": ""}),
    "care_api_task_set_status": op(COMPANY | KEEPERS, body={"status": "doing"}),
    "care_api_rota_list": op(INSIDERS),
    "care_api_rota_get": op(INSIDERS),
    "place_api_resource_create": op(KEEPERS, body={"kind": "space", "name": ""}),
    "place_api_resource_update": op(KEEPERS, body={"description": "x"}),
    "place_api_rule_update": op(KEEPERS, body={}),
    "place_api_unit_assign": op(
        KEEPERS,
        args={"resource": "=unit-a"},
        body=lambda w: {"organization": w.company.slug, "starts_on": "2020-01-01"},
    ),
    "doors_api_key_issue": op(
        KEEPERS, body=lambda w: {"holder_id": w.people[NEIGHBOUR].pk}
    ),
    "doors_api_key_return": op(KEEPERS, body={}),
    "care_api_incident_photo": op(
        {MEMBER} | KEEPERS,
        body=lambda w: {"photo": SimpleUploadedFile("photo.txt", b"not an image")},
        note="multipart",
    ),
    "care_api_incident_status": op(KEEPERS, body={"status": "in_progress"}),
    "place_api_equipment_type_list": op(INSIDERS),
    "place_api_equipment_type_create": op(KEEPERS, body={"name": "Lathe"}),
    "place_api_equipment_type_update": op(KEEPERS, body={"description": "x"}),
    "place_api_equipment_update": op(
        KEEPERS,
        args={"resource": "=laser-cutter"},
        body=lambda w: {"located_in": w.room.slug},
    ),
    "doors_api_door_list": op(KEEPERS),
    "doors_api_door_create": op(KEEPERS, body={"name": "Back door"}),
    "doors_api_key_create": op(
        KEEPERS, body={"kind": "badge", "label": "Badge 12", "code": "B-0012"}
    ),
    "doors_api_policy_list": op(KEEPERS),
    "doors_api_policy_create": op(KEEPERS, body={"name": "x", "door": "no-such-door"}),
    "doors_api_policy_end": op(KEEPERS, body={}),
    "doors_api_controller_list": op(KEEPERS),
    "doors_api_controller_create": op(
        KEEPERS, body={"name": "x", "doors": ["no-such-door"]}
    ),
    "doors_api_controller_rotate": op(KEEPERS),
    "doors_api_controller_revoke": op(KEEPERS),
    "care_api_rota_create": op(
        KEEPERS, body={"name": "x", "companies": [], "starts_on": "2020-01-01"}
    ),
    "place_api_assignment_end": op(KEEPERS, body={"ends_on": "2019-01-01"}),
    "place_api_qualification_revoke": op(TRAINERS),
}
API = {f"multifactory_{name}": entry for name, entry in API.items()}


# ---------------------------------------------------------------------------------
# The machinery: fixtures, address filling, the cases.


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The matrix's world (not the root conftest's), built once per module, with a
    logged-in session per persona."""
    fast = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        TASKS={
            "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with fast, django_db_blocker.unblock(), transaction.atomic():
        world = build()
        world.sessions = {}
        for persona, person in world.people.items():
            if person is not None:
                client = Client()
                client.force_login(person)
                world.sessions[persona] = client.cookies[
                    django_settings.SESSION_COOKIE_NAME
                ].value
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles count in the caches: every case starts with a clean slate."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


_CLIENTS = {}


def client_for(world, persona: str) -> Client:
    """One test client per persona for the whole module, each case starting from the
    persona's session alone: a new client would load the middleware, and WhiteNoise
    with it (which walks every static file), for every case."""
    client = _CLIENTS.setdefault(persona, Client())
    client.cookies = SimpleCookie()
    if persona in world.sessions:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    return client


def fill(world, spec: str):
    """An address part from the world: "=literal", "token:name" or an object name."""
    if spec.startswith("="):
        return spec[1:]
    if spec.startswith("token:"):
        return world.tokens[spec.removeprefix("token:")]
    return world.objects[spec].pk


def web_kwargs(world, route: str, entry) -> dict:
    defaults = {
        "mf": "=r84",
        "org": f"={world.company.slug}",
        "slug": f"={world.room.slug}",
        "person_id": "member_person",
        "year": f"={world.decision.year}",
        "seq": f"={world.decision.sequence}",
    }
    names = matrix.route_parameters(route)
    specs = {**ADMIN_ARGS, **defaults, **entry.args}
    missing = names - specs.keys()
    assert not missing, f"say which objects fill {sorted(missing)} in `args`"
    return {name: fill(world, specs[name]) for name in names}


API_DEFAULTS = {
    "slug": "=r84",
    "org": "company_slug",
    "person_id": "member_person",
    "membership_id": "membership",
    "mandate_id": "mandate",
    "invitation_id": "invitation",
    "year": "decision_year",
    "seq": "decision_sequence",
    "kind": "=mandate_granted",
    "resource": "room_slug",
    "booking_id": "booking",
    "series_id": "series",
    "task_id": "task",
    "key_id": "key",
    "incident_id": "incident",
    "type_id": "laser_type",
    "policy_id": "policy",
    "controller_id": "controller",
    "rota_id": "rota",
    "assignment_id": "assignment",
    "qualification_id": "qualification",
}


def api_path(world, path: str, entry) -> str:
    specs = {**API_DEFAULTS, **entry.args}
    derived = {
        "company_slug": world.company.slug,
        "room_slug": world.room.slug,
        "decision_year": world.decision.year,
        "decision_sequence": world.decision.sequence,
    }

    def value(match):
        name = match.group(1)
        assert name in specs, f"say which object fills {{{name}}} in `args`"
        spec = specs[name]
        return str(derived[spec] if spec in derived else fill(world, spec))

    return matrix.re.sub(r"\{(\w+)\}", value, path)


def web_entry(name: str):
    if name in WEB:
        return WEB[name]
    if name.startswith(("admin:", "operator/")):
        return ADMIN
    return None


WEB_ROUTES = matrix.web_routes()
API_OPERATIONS = matrix.api_operations()
MISSING_WEB = (
    "The page {name!r} ({route}) has no entry in WEB of "
    "tests/test_authorization_matrix.py: add one saying, per method it accepts, "
    "which personas may use it."
)
MISSING_API = (
    "The API operation {name!r} ({method} {path}) has no entry in API of "
    "tests/test_authorization_matrix.py: add one saying which personas may call it, "
    "with a harmless body that passes its schema."
)


def _marks(entry, method: str, persona: str):
    finding = entry.fix_for(method, persona)
    return [pytest.mark.xfail(strict=True, reason=finding)] if finding else []


def web_cases():
    for name, route in sorted(WEB_ROUTES.items()):
        entry = web_entry(name)
        if entry is None:
            yield pytest.param(name, route, "?", "?", id=f"{name}-missing-entry")
            continue
        for method in entry.methods:
            for persona in PERSONAS:
                yield pytest.param(
                    name,
                    route,
                    method,
                    persona,
                    marks=_marks(entry, method, persona),
                    id=f"{name}-{method}-{persona}",
                )


def api_cases():
    for name in sorted(API_OPERATIONS):
        entry = API.get(name)
        short = name.removeprefix("multifactory_")
        if entry is None:
            yield pytest.param(name, "?", id=f"{short}-missing-entry")
            continue
        for persona in PERSONAS:
            yield pytest.param(
                name,
                persona,
                marks=_marks(entry, "ANY", persona),
                id=f"{short}-{persona}",
            )


def check(response, allowed, persona: str, *, api: bool, what: str) -> None:
    outcome = matrix.classify(response, api=api)
    detail = f"{what} as {persona}: {matrix.describe(response)}"
    assert outcome != matrix.SERVER_ERROR, f"server error: {detail}"
    assert outcome != matrix.UNCHECKED, (
        f"the body does not pass the request's schema, so access is untested: "
        f"give the entry a `body` that does ({detail})"
    )
    if persona in allowed:
        assert outcome == ALLOWED, f"should get past the access checks: {detail}"
    else:
        assert outcome == REFUSED, f"should be refused: {detail}"


_FORM = matrix.re.compile(r"<form\b[^>]*>", matrix.re.IGNORECASE)
_ACTION = matrix.re.compile(r'action="([^"]*)"')


def forms_refused_to(world, persona: str, response) -> list[str]:
    """The forms of a page that post to the matrix's address of a route whose entry
    refuses `persona`: a button they should not be shown. Forms that choose their
    object in the body (a company to vote for, one's own token) are not judged."""
    if "html" not in response.get("Content-Type", ""):
        return []
    unusable = []
    for tag in _FORM.findall(response.content.decode()):
        action = _ACTION.search(tag)
        if 'method="post"' not in tag.lower() or action is None:
            continue
        try:
            target = resolve(action.group(1).split("?")[0])
        except Resolver404:
            continue
        entry = web_entry(target.view_name)
        if entry is None or "POST" not in entry.methods or entry.body:
            continue
        route = WEB_ROUTES[target.view_name]
        if action.group(1) != matrix.web_path(
            target.view_name, route, web_kwargs(world, route, entry)
        ):
            continue
        allowed = entry.methods["POST"] | entry.refused_by_state
        if persona not in allowed:
            unusable.append(target.view_name)
    return unusable


@pytest.mark.parametrize("name, route, method, persona", list(web_cases()))
def test_a_page_lets_through_exactly_the_personas_of_its_entry(
    world, db, name, route, method, persona
):
    entry = web_entry(name)
    if entry is None:
        pytest.fail(MISSING_WEB.format(name=name, route=route))
    path = matrix.web_path(name, route, web_kwargs(world, route, entry))
    client = client_for(world, persona)
    if method == "GET":
        response = client.get(path)
    else:
        response = client.post(path, entry.body(world) if entry.body else {})
    check(response, entry.methods[method], persona, api=False, what=f"{method} {path}")
    if method == "GET" and response.status_code == 200:
        unusable = forms_refused_to(world, persona, response)
        assert not unusable, (
            f"GET {path} shows {persona} forms that post where they are refused: "
            f"{unusable}"
        )


@pytest.mark.parametrize("name, persona", list(api_cases()))
def test_an_api_operation_lets_through_exactly_the_personas_of_its_entry(
    world, db, name, persona
):
    method, template = API_OPERATIONS[name]
    entry = API.get(name)
    if entry is None:
        pytest.fail(MISSING_API.format(name=name, method=method, path=template))
    path = api_path(world, template, entry)
    headers = {}
    if persona != ANONYMOUS:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world.api_tokens[persona]}"
    client = client_for(world, ANONYMOUS)
    query = entry.query(world) if callable(entry.query) else entry.query
    body = entry.body(world) if callable(entry.body) else entry.body
    if method == "GET":
        response = client.get(path, query or {}, **headers)
    elif entry.note == "multipart":
        response = client.post(path, body, **headers)
    else:
        response = client.generic(
            method,
            path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            **headers,
        )
    check(response, entry.methods["ANY"], persona, api=True, what=f"{method} {path}")


@pytest.mark.parametrize(
    "name, route",
    [
        pytest.param(name, route, id=name)
        for name, route in sorted(WEB_ROUTES.items())
        if not name.startswith(("admin:", "operator/"))
    ],
)
def test_a_page_accepts_only_the_methods_its_entry_lists(world, db, name, route):
    """Probed as someone who gets past the checks of the listed methods, a method
    the entry does not list must answer 405, so the matrix covers every method."""
    entry = web_entry(name)
    if entry is None:
        pytest.fail(MISSING_WEB.format(name=name, route=route))
    path = matrix.web_path(name, route, web_kwargs(world, route, entry))
    allowed = sorted(set().union(*entry.methods.values())) or [FOUNDER]
    client = client_for(world, allowed[0])
    for method in ("GET", "POST"):
        if method in entry.methods:
            continue
        response = client.get(path) if method == "GET" else client.post(path, {})
        assert response.status_code == 405, (
            f"{name} answers {method} as {allowed[0]} with "
            f"{matrix.describe(response)}: add {method} to its entry in WEB"
        )


def test_every_mandate_kind_has_a_persona_that_holds_it():
    """A new mandate kind needs its column in the matrix (tests/authz_world.py)."""
    assert set(MANDATE_HOLDERS.values()) | {MandateKind.FOUNDER} == set(MandateKind)


def test_every_entry_names_a_route_that_exists():
    stale = sorted(set(WEB) - set(WEB_ROUTES)) + sorted(set(API) - set(API_OPERATIONS))
    assert not stale, f"remove the entries of routes that are gone: {stale}"


# ---------------------------------------------------------------------------------
# Cases the matrix's one object per kind cannot show: the state of the object matters.


def call_api(world, persona: str, method: str, path: str, body=None):
    headers = {}
    if persona != ANONYMOUS:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world.api_tokens[persona]}"
    return client_for(world, ANONYMOUS).generic(
        method,
        path,
        json.dumps(body or {}),
        content_type="application/json",
        **headers,
    )


def test_a_founder_cannot_grant_a_founder_mandate_through_the_api(world, db):
    founders = Mandate.objects.filter(
        multifactory=world.multifactory, kind=MandateKind.FOUNDER
    )
    before = founders.count()
    response = call_api(
        world,
        FOUNDER,
        "POST",
        "/api/v1/m/r84/mandates",
        {"person_id": world.people[FACILITATOR].pk, "kind": "founder"},
    )
    assert response.status_code in (403, 422), matrix.describe(response)
    assert founders.count() == before


def test_a_second_founder_cannot_revoke_the_original_founders_mandate(world, db):
    original = world.founder_mandate
    Mandate.objects.create(
        multifactory=world.multifactory,
        person=world.people[FACILITATOR],
        kind=MandateKind.FOUNDER,
        starts_on=original.starts_on,
        granted_by=original.person,
    )
    response = call_api(
        world,
        FACILITATOR,
        "POST",
        f"/api/v1/m/r84/mandates/{original.pk}/revoke",
        {"reason": "mine now"},
    )
    assert response.status_code in (403, 422), matrix.describe(response)
    original.refresh_from_db()
    assert original.revoked_at is None


UNCONFIRMED = [
    ("GET", "governance:application", None),
    ("POST", "governance:application_evaluate", None),
    ("GET", None, "/api/v1/m/r84/applications/{pk}"),
    ("PUT", None, "/api/v1/m/r84/applications/{pk}/evaluation"),
]


@pytest.mark.parametrize("persona", [FACILITATOR, REPRESENTATIVE])
@pytest.mark.parametrize(
    "method, name, api_path", UNCONFIRMED, ids=lambda value: str(value)
)
def test_an_unconfirmed_application_is_not_found_by_id(
    world, db, persona, method, name, api_path
):
    """Nobody confirmed the address it came from: it does not exist yet for members."""
    pk = world.unconfirmed_application.pk
    if api_path:
        response = call_api(
            world, persona, method, api_path.format(pk=pk), {"scores": {"fit": 3}}
        )
    else:
        client = client_for(world, persona)
        path = matrix.web_path(name, "", {"mf": "r84", "pk": pk})
        response = client.get(path) if method == "GET" else client.post(path, {})
    assert response.status_code == 404, matrix.describe(response)


def test_the_calendar_feed_of_a_person_whose_company_left_stops_working(world, db):
    path = matrix.web_path("place:ical", "", {"token": world.tokens["former_feed"]})
    response = client_for(world, ANONYMOUS).get(path)
    assert response.status_code == 404, matrix.describe(response)


def test_the_calendar_feed_of_a_member_works(world, db):
    """The other side of the former company's feed: a working feed is not refused."""
    path = matrix.web_path("place:ical", "", {"token": world.tokens["feed"]})
    response = client_for(world, ANONYMOUS).get(path)
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")
