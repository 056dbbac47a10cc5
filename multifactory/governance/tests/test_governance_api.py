"""The governance API, for each role of the world, with the one error format."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from multifactory.api.testing import ApiClient
from multifactory.governance import services
from multifactory.governance.models import Assembly, Decision, Proposal
from multifactory.governance.tests.conftest import begin, open_proposal

MF = "/api/v1/m/r84-test"


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    return body["error"]


def test_a_representative_proposes_with_an_effect_and_it_opens(world, applicant):
    response = ApiClient(world.owner).post(
        f"{MF}/proposals",
        {
            "title": "Admit Tessitura Tre",
            "method": "majority",
            "closes_at": "2099-01-01T10:00:00Z",
            "effects": [
                {"kind": "admit_company", "params": {"organization": applicant.pk}}
            ],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "open"
    assert body["electorate_size"] == 2
    assert body["effects"][0]["description"] == "Admit Tessitura Tre as a member"


def test_members_read_proposals_and_others_are_refused(world):
    open_proposal(world)
    assert ApiClient(world.member).get(f"{MF}/proposals").json()["count"] == 1
    assert ApiClient(world.outsider).get(f"{MF}/proposals").status_code == 403
    assert ApiClient(world.other).get(f"{MF}/proposals").status_code == 403
    assert ApiClient(None).get(f"{MF}/proposals").status_code == 401


def cast_through_api(person, proposal, organization: str, choice: dict):
    """POST a ballot for the company with this slug, as `person`."""
    return ApiClient(person).post(
        f"{MF}/proposals/{proposal.pk}/ballots",
        {"organization": organization, "choice": choice},
    )


def test_voting_and_closing_through_the_api(world, applicant):
    proposal = open_proposal(
        world,
        effects_=[{"kind": "admit_company", "params": {"organization": applicant.pk}}],
    )
    for person, company in [
        (world.owner, "atelier-uno"),
        (world.founder, "studio-due"),
    ]:
        response = cast_through_api(person, proposal, company, {"vote": "yes"})
        assert response.status_code == 200, response.json()
    response = ApiClient(world.founder).post(f"{MF}/proposals/{proposal.pk}/close")
    assert response.status_code == 200, response.json()
    decision = response.json()
    assert decision["outcome"] == "adopted"
    applicant.refresh_from_db()
    assert applicant.status == "member"
    year, seq = decision["number"].split("/")
    got = ApiClient(world.member).get(f"{MF}/decisions/{year}/{int(seq)}")
    assert got.json()["number"] == decision["number"]


def test_a_vote_for_a_company_you_do_not_represent_is_refused(world):
    proposal = open_proposal(world)
    response = cast_through_api(world.owner, proposal, "studio-due", {"vote": "yes"})
    assert response.status_code == 403
    assert "You do not represent Studio Due" in error_of(response)["message"]


def test_a_block_without_reason_is_a_field_error(world):
    proposal = open_proposal(world, method="consensus")
    response = cast_through_api(world.owner, proposal, "atelier-uno", {"vote": "block"})
    assert response.status_code == 422
    assert "choice" in error_of(response)["fields"]


def test_hidden_results_stay_hidden_until_close(world):
    proposal = open_proposal(world, results_hidden=True)
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    body = ApiClient(world.member).get(f"{MF}/proposals/{proposal.pk}").json()
    assert body["results"] is None
    assert {"organization": "atelier-uno", "voted": True} in body["participation"]


def test_rules_and_effect_types_are_listed(world):
    rules = ApiClient(world.member).get(f"{MF}/rules").json()
    proxy = next(row for row in rules if row["key"] == "governance.proxy_limit")
    assert (proxy["value"], proxy["decision"]) == (2, None)
    codes = [
        row["code"]
        for row in ApiClient(world.member).get("/api/v1/effect-types").json()
    ]
    assert "admit_company" in codes


def test_the_decision_register_costs_the_same_queries_for_many_decisions(world):
    client = ApiClient(world.member)
    client.get(f"{MF}/decisions")

    def add(n):
        for i in range(n):
            proposal = open_proposal(world, title=f"P{i}", quorum_percent=0)
            services.proposal_close(by=world.founder, proposal=proposal)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"{MF}/decisions").status_code == 200
        return len(context.captured_queries)

    add(2)
    few = count()
    add(6)
    assert count() == few
    assert Decision.objects.count() == 8
    assert Proposal.objects.count() == 8


def test_assemblies_and_proxies_through_the_api(world):
    response = ApiClient(world.founder).post(
        f"{MF}/assemblies",
        {"title": "Spring", "starts_at": "2099-03-01T18:00:00Z", "agenda": ["Budget"]},
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert (
        ApiClient(world.owner)
        .post(f"{MF}/assemblies", {"title": "x", "starts_at": "2099-03-01T18:00:00Z"})
        .status_code
        == 403
    )
    given = ApiClient(world.owner).post(
        f"{MF}/assemblies/{pk}/proxies",
        {"giver": "atelier-uno", "holder": "studio-due"},
    )
    assert given.status_code == 201, given.json()
    chain = ApiClient(world.founder).post(
        f"{MF}/assemblies/{pk}/proxies",
        {"giver": "studio-due", "holder": "atelier-uno"},
    )
    assert chain.status_code == 422
    detail = ApiClient(world.member).get(f"{MF}/assemblies/{pk}").json()
    assert detail["proxies"] == [{"giver": "atelier-uno", "holder": "studio-due"}]
    assert ApiClient(world.other).get(f"{MF}/assemblies/{pk}").status_code == 403


def test_open_calls_applications_and_evaluations_through_the_api(world):
    from datetime import timedelta

    from django.utils import timezone

    call = services.open_call_publish(
        by=world.founder,
        multifactory=world.multifactory,
        title="Workshops",
        who_we_look_for="Makers",
        deadline=timezone.localdate() + timedelta(days=10),
    )
    application, token = services.application_submit(
        call=call,
        company_name="Liuteria Sette",
        kind="artist",
        sector="R",
        stage="starting",
        produces="Violins",
        project="A workshop",
        contact_name="Lia",
        email="lia@example.org",
    )
    services.application_confirm(multifactory=world.multifactory, token=token)
    calls = ApiClient(None).get(f"{MF}/open-calls")
    assert [c["title"] for c in calls.json()] == ["Workshops"]
    listing = ApiClient(world.member).get(f"{MF}/open-calls/{call.pk}/applications")
    assert listing.json()["count"] == 1
    assert (
        ApiClient(world.outsider)
        .get(f"{MF}/open-calls/{call.pk}/applications")
        .status_code
        == 403
    )
    scores = {"productive": 5, "environmental": 4, "social": 3, "economic": 3, "fit": 4}
    saved = ApiClient(world.member).put(
        f"{MF}/applications/{application.pk}/evaluation", {"scores": scores}
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["evaluations"][0]["scores"] == scores
    assert "kind" in saved.json()["diversity_what_if"]
    proposed = ApiClient(world.owner).post(
        f"{MF}/applications/{application.pk}/propose",
        {"closes_at": "2099-01-01T00:00:00Z"},
    )
    assert proposed.status_code == 201, proposed.json()
    assert proposed.json()["effects"][0]["kind"] == "admit_application"


def test_attendance_and_minutes_through_the_api(world):
    founder = ApiClient(world.founder)
    pk = founder.post(
        f"{MF}/assemblies", {"title": "A", "starts_at": "2099-03-01T18:00:00Z"}
    ).json()["id"]
    begin(Assembly.objects.get(pk=pk))
    assert (
        ApiClient(world.owner)
        .post(f"{MF}/assemblies/{pk}/attendance", {"present": ["atelier-uno"]})
        .status_code
        == 403
    )
    held = founder.post(
        f"{MF}/assemblies/{pk}/attendance", {"present": ["atelier-uno", "studio-due"]}
    )
    assert held.json()["quorum_met"] is True
    minutes = founder.put(f"{MF}/assemblies/{pk}/minutes", {"minutes": "We met."})
    assert minutes.json()["minutes"] == "We met."
