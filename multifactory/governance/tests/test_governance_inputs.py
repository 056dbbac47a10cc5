"""Inputs of governance that answered 500 or were accepted wrongly (issue 7,
finding 7): ballot shapes, thresholds, effects that could never execute, datetimes
without an offset, bodies that are not JSON objects. Each answers 4xx with a message
that says what to send."""

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from multifactory.api.testing import ApiClient
from multifactory.governance import tally
from multifactory.governance.tests.conftest import open_proposal

MF = "/api/v1/m/r84-test"

OPTION_METHODS = ["irv", "schulze", "score", "approval", "time_poll"]
BAD_CHOICES = [
    {"approved": 5},
    {"approved": "12"},
    {"approved": ["1", "1"]},
    {"approved": [["1"]]},
    {"approved": ["9"]},
    {"ranking": 7},
    {"ranking": "12"},
    {"ranking": ["1", "1"]},
    {"ranking": [1, 2]},
    {"ranking": ["9"]},
    {"ranking": [{"a": 1}]},
    {"scores": ["1"]},
    {"scores": {"1": "5"}},
    {"scores": {"1": 6}},
    {"scores": {"9": 1}},
    {"scores": 3},
    {"availability": ["1"]},
    {"availability": {"1": ["yes"]}},
    {"availability": {"1": "perhaps"}},
    {"availability": "yes"},
    {"vote": ["yes"]},
    {"vote": {"yes": 1}},
    {"vote": "maybe"},
    {"vote": "block", "reason": 5},
]


def method_proposal(world, method: str):
    options = ["Monday", "Tuesday", "Wednesday"] if method in OPTION_METHODS else []
    return open_proposal(world, method=method, options=options, quorum_percent=0)


@pytest.mark.parametrize("method", list(tally.METHODS))
def test_a_ballot_of_a_shape_the_tally_does_not_expect_is_a_422(world, method):
    proposal = method_proposal(world, method)
    client = ApiClient(world.owner)
    answers = set()
    for choice in BAD_CHOICES:
        response = client.post(
            f"{MF}/proposals/{proposal.pk}/ballots",
            {"organization": world.company.slug, "choice": choice},
        )
        if method in ("irv", "schulze") and set(choice) != {"ranking"}:
            continue  # another method's keys are ignored: an empty, abstaining ballot
        if method == "score" and set(choice) != {"scores"}:
            continue
        if method == "approval" and set(choice) != {"approved"}:
            continue
        if method == "time_poll" and set(choice) != {"availability"}:
            continue
        if method in tally.BINARY_METHODS and "vote" not in choice:
            assert response.status_code == 422, choice
            continue
        assert response.status_code == 422, (choice, response.json())
        answers.add(response.json()["error"]["fields"]["choice"][0])
    assert proposal.ballots.filter(organization=world.company).count() in (0, 1)
    assert all(answer and "cannot be read" not in answer for answer in answers)


def test_a_ranking_given_as_a_string_is_refused_not_read_as_characters(world):
    proposal = method_proposal(world, "irv")
    response = ApiClient(world.owner).post(
        f"{MF}/proposals/{proposal.pk}/ballots",
        {"organization": world.company.slug, "choice": {"ranking": "12"}},
    )
    assert response.status_code == 422
    assert "a list of option keys" in response.json()["error"]["fields"]["choice"][0]
    assert not proposal.ballots.exists()


@pytest.mark.parametrize(
    "text",
    ["1e9999999", "NaN", "inf", "-1/2", "3/2", "0", "1/0", "99999/1", "½", "٢/٣"],
)
def test_a_threshold_is_refused_at_once(world, text):
    started = time.perf_counter()
    with pytest.raises(ValueError):
        tally.parse_threshold(text)
    assert time.perf_counter() - started < 0.01
    response = ApiClient(world.owner).post(
        f"{MF}/proposals",
        {
            "title": "Costly",
            "method": "qualified",
            "threshold": text,
            "closes_at": "2099-01-01T10:00:00Z",
        },
    )
    assert response.status_code == 422
    assert time.perf_counter() - started < 2


def test_a_threshold_of_ten_thousand_digits_is_refused_by_its_length(world):
    with pytest.raises(ValueError):
        tally.parse_threshold("1" * 10_000 + "/" + "3" * 10_000)
    response = ApiClient(world.owner).post(
        f"{MF}/proposals",
        {
            "title": "Costly",
            "method": "qualified",
            "threshold": "1" * 10_000 + "/" + "3" * 10_000,
            "closes_at": "2099-01-01T10:00:00Z",
        },
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    "text,value", [("2/3", (2, 3)), ("3/4", (3, 4)), ("0.75", (3, 4)), ("1", (1, 1))]
)
def test_usual_thresholds_still_parse(text, value):
    result = tally.parse_threshold(text)
    assert (result.numerator, result.denominator) == value


@pytest.mark.parametrize(
    "path,body",
    [
        ("/proposals", "AAA"),
        ("/proposals", 42),
        ("/proposals", []),
        ("/assemblies", "AAA"),
        ("/assemblies", 7),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_4xx(world, path, body):
    response = ApiClient(world.founder).post(f"{MF}{path}", body)
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("field", ["closes_at", "opens_at"])
def test_a_proposal_time_without_an_offset_is_a_422_naming_the_field(world, field):
    body = {
        "title": "Naive",
        "method": "majority",
        "closes_at": "2099-01-02T10:00:00Z",
        field: "2099-01-01T10:00:00",
    }
    response = ApiClient(world.owner).post(f"{MF}/proposals", body)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize("field", ["starts_at", "second_call_at"])
def test_an_assembly_time_without_an_offset_is_a_422_naming_the_field(world, field):
    body = {
        "title": "Spring assembly",
        "starts_at": "2099-03-01T18:00:00+01:00",
        field: "2099-03-01T19:00:00",
    }
    response = ApiClient(world.founder).post(f"{MF}/assemblies", body)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00"]
)
def test_a_proposal_time_out_of_range_is_a_422(world, value):
    response = ApiClient(world.owner).post(
        f"{MF}/proposals",
        {"title": "Far", "method": "majority", "closes_at": value},
    )
    assert response.status_code == 422
    assert "closes_at" in response.json()["error"]["fields"]


def test_the_admission_proposal_refuses_a_naive_closing_time(world):
    response = ApiClient(world.owner).post(
        f"{MF}/applications/1/propose", {"closes_at": "2099-01-01T10:00:00"}
    )
    assert response.status_code == 422
    assert "closes_at" in response.json()["error"]["fields"]


def test_the_schema_says_governance_times_need_an_offset(world):
    schema = ApiClient(world.owner).get("/api/v1/openapi.json").json()
    proposal_in = schema["components"]["schemas"]["ProposalIn"]["properties"]
    assert "offset" in str(proposal_in["closes_at"])


def test_a_well_formed_proposal_still_opens(world):
    closes = (timezone.now() + timedelta(days=3)).isoformat()
    response = ApiClient(world.owner).post(
        f"{MF}/proposals", {"title": "Fine", "method": "majority", "closes_at": closes}
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("action", ["open", "close", "withdraw"])
@pytest.mark.parametrize("body", ["AAA", 42, [1]])
def test_an_operation_without_parameters_refuses_a_body_that_is_not_an_object(
    world, action, body
):
    proposal = open_proposal(world)
    response = ApiClient(world.founder).post(
        f"{MF}/proposals/{proposal.pk}/{action}", body
    )
    assert response.status_code == 422
    assert "JSON object" in response.json()["error"]["message"]
    assert (
        ApiClient(world.founder)
        .post(f"{MF}/proposals/{proposal.pk}/withdraw", {})
        .status_code
        == 200
    )


# Effects that could never execute are refused when proposed -----------------------


@pytest.mark.parametrize(
    "kind,params,field",
    [
        ("approve_spending", {"description": "Roof", "amount": 2**70}, "amount"),
        ("approve_spending", {"description": "Roof", "amount": str(2**70)}, "amount"),
        ("approve_spending", {"description": "Roof", "amount": "9" * 5000}, "amount"),
        (
            "approve_spending",
            {"description": "Roof", "amount": 100, "currency": "XXXXXX"},
            "currency",
        ),
        (
            "approve_spending",
            {"description": "Roof", "amount": 100, "currency": "USD"},
            "currency",
        ),
        (
            "approve_spending",
            {"description": "Roof", "amount": 100, "currency": ["EUR"]},
            "currency",
        ),
        (
            "grant_mandate",
            {"kind": "treasurer", "starts_on": "2099-05-01", "ends_on": "2099-04-30"},
            "ends_on",
        ),
        ("grant_mandate", {"kind": "treasurer", "ends_on": "2001-01-01"}, "ends_on"),
        (
            "grant_mandate",
            {"kind": "treasurer", "starts_on": "0001-01-01"},
            "starts_on",
        ),
        ("grant_mandate", {"kind": "treasurer", "ends_on": "9999-12-31"}, "ends_on"),
        ("grant_mandate", {"kind": "treasurer", "ends_on": 20991231}, "ends_on"),
        ("grant_mandate", {"kind": "custom"}, "title"),
        ("grant_mandate", {"kind": ["treasurer"]}, "kind"),
        ("grant_mandate", {"kind": "treasurer", "person": 2**70}, "person"),
        ("grant_mandate", {"kind": "treasurer", "person": True}, "person"),
        ("revoke_mandate", {"mandate": 2**64}, "mandate"),
        ("admit_company", {"organization": -1}, "organization"),
        ("end_membership", {"organization": 2**63}, "organization"),
        ("amend_charter", {"text": "x" * 100_001}, "text"),
    ],
)
def test_an_effect_that_could_never_execute_is_refused_when_proposed(
    world, kind, params, field
):
    if kind == "grant_mandate":
        params = {"person": world.member.pk} | params
    response = ApiClient(world.owner).post(
        f"{MF}/proposals",
        {
            "title": "Never",
            "method": "qualified",
            "threshold": "3/4",
            "quorum_percent": 60,
            "closes_at": "2099-01-01T10:00:00Z",
            "open_now": False,
            "effects": [{"kind": kind, "params": params}],
        },
    )
    assert response.status_code == 422, response.json()
    assert field in response.json()["error"]["fields"], response.json()
    assert not world.multifactory.proposals.exists()


def test_spending_in_the_multifactorys_currency_is_accepted_in_any_case(world):
    from multifactory.governance import effects

    cleaned = effects.validate(
        world.multifactory,
        "approve_spending",
        {"description": "Roof", "amount": 2**63 - 1, "currency": "eur"},
    )
    assert (cleaned["amount"], cleaned["currency"]) == (2**63 - 1, "EUR")


def test_today_is_the_multifactorys_date_for_a_mandates_term(world, monkeypatch):
    """At 23:30 UTC on 31 December it is already 1 January in Rome: a term ending on
    31 December is over (finding 10)."""
    from datetime import UTC, datetime

    from django.core.exceptions import ValidationError

    from multifactory.governance import effects

    assert world.multifactory.time_zone == "Europe/Rome"
    monkeypatch.setattr(
        timezone, "now", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    )
    params = {"person": world.member.pk, "kind": "treasurer", "ends_on": "2026-12-31"}
    with pytest.raises(ValidationError) as error:
        effects.validate(world.multifactory, "grant_mandate", params)
    assert "2027-01-01" in str(error.value)


def test_an_open_call_closes_at_midnight_in_the_multifactorys_zone(
    world, call, monkeypatch
):
    from datetime import UTC, datetime, time

    deadline_evening = datetime.combine(call.deadline, time(23, 30), tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: deadline_evening)
    call.refresh_from_db()
    assert not call.is_open()


@pytest.mark.parametrize("body", ["AAA", 42, [], None])
def test_no_governance_operation_accepts_a_body_that_is_not_an_object(world, body):
    """Every POST/PUT of the governance tag in the OpenAPI document, with a body that
    is not a JSON object: a 4xx, never a success or a 500."""
    client = ApiClient(world.founder)
    schema = client.get("/api/v1/openapi.json").json()
    proposal = open_proposal(world)
    tried = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in ("post", "put") or "governance" not in operation.get(
                "tags", []
            ):
                continue
            address = (
                path.replace("{slug}", "r84-test")
                .replace("{pk}", str(proposal.pk))
                .replace("{year}", "2026")
                .replace("{seq}", "1")
            )
            sent = client.client.generic(
                method.upper(),
                address,
                data="null" if body is None else json.dumps(body),
                content_type="application/json",
                headers=client.headers,
            )
            assert 400 <= sent.status_code < 500, (method, address, sent.content)
            tried += 1
    assert tried >= 12
