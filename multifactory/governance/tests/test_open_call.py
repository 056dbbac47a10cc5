"""The open call: publish, apply (with spam protection), confirm, evaluate, admit."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_company
from multifactory.community.models import Invitation, Organization
from multifactory.governance import forms, services
from multifactory.governance.models import Application, Proposal
from multifactory.governance.tests.conftest import both_companies_vote_yes


@pytest.fixture
def quick_forms(monkeypatch):
    monkeypatch.setattr(forms, "MIN_SECONDS", 0)


APPLICATION = {
    "company_name": "Liuteria Sette",
    "kind": "artist",
    "sector": "R",
    "stage": "starting",
    "produces": "Violins and cellos",
    "project": "A violin maker's workshop open to schools.",
    "space_needs": "40 m², quiet",
    "contact_name": "Lia Sette",
    "email": "lia@example.org",
}


def apply(world, call, **overrides):
    client = world.client_for(None)
    page = client.get(call.get_absolute_url())
    started = page.context["form"].initial["started"]
    return client.post(
        call.get_absolute_url(),
        APPLICATION | {"started": started} | overrides,
        follow=True,
    )


def confirm_link(world) -> str:
    body = mail.outbox[-1].body
    return next(line for line in body.splitlines() if "/join/confirm/" in line)


def test_only_a_facilitator_publishes_a_call(world):
    with pytest.raises(PermissionDenied):
        services.open_call_publish(
            by=world.owner,
            multifactory=world.multifactory,
            title="x",
            who_we_look_for="y",
            deadline=timezone.localdate(),
        )


def test_a_visitor_applies_and_confirms_by_e_mail(
    world, call, quick_forms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(world, call)
    assert "We sent you an e-mail" in response.text
    application = Application.objects.get()
    assert application.state == "unconfirmed"
    # Members do not see it before confirmation.
    page = world.client_for(world.member).get(call.get_absolute_url())
    assert "Liuteria Sette" not in page.text
    link = confirm_link(world)
    response = world.client_for(None).get(link.split("8000")[-1], follow=True)
    assert "Your application is confirmed." in response.text
    application.refresh_from_db()
    assert application.state == "submitted"
    page = world.client_for(world.member).get(call.get_absolute_url())
    assert "Liuteria Sette" in page.text


def test_a_robot_filling_the_hidden_field_is_refused(world, call, quick_forms):
    response = apply(world, call, homepage="http://spam.example")
    assert "filled in too fast or by a robot" in response.text
    assert not Application.objects.exists()


def test_a_form_sent_too_fast_is_refused(world, call):
    response = apply(world, call)
    assert "filled in too fast or by a robot" in response.text
    assert not Application.objects.exists()


def test_a_forged_form_time_is_refused(world, call, quick_forms):
    response = apply(world, call, started="form:1:forged")
    assert "filled in too fast or by a robot" in response.text


def test_no_application_after_the_deadline(world, call):
    with pytest.raises(ValidationError):
        services.application_submit(
            call=call, today=call.deadline + timedelta(days=1), **APPLICATION
        )


def submitted(call) -> Application:
    application, token = services.application_submit(call=call, **APPLICATION)
    return services.application_confirm(multifactory=call.multifactory, token=token)


def propose_admission(world, application, **extra) -> Proposal:
    """The owner proposes to admit the applicant; voting closes in a week."""
    return services.application_propose(
        by=world.owner,
        application=application,
        closes_at=timezone.now() + timedelta(days=7),
        **extra,
    )


def test_members_evaluate_and_see_the_diversity_what_if(world, call):
    application = submitted(call)
    client = world.client_for(world.member)
    url = reverse(
        "governance:application_evaluate",
        kwargs={"mf": world.multifactory.slug, "pk": application.pk},
    )
    scores = {
        "score_productive": 5,
        "score_environmental": 4,
        "score_social": 4,
        "score_economic": 3,
        "score_fit": 5,
    }
    client.post(url, scores | {"comment": "Great for open days"})
    response = client.get(application.get_absolute_url())
    assert "Great for open days" in response.text
    what_if = response.context["what_if"]
    # Two members (artisan, freelancer) + an artist: a third kind, more diversity.
    assert what_if["kind"]["after"]["groups"] == 3
    assert what_if["kind"]["shannon_change"] > 0
    bad = client.post(url, scores | {"score_fit": 9}, follow=True)
    assert "from 0 to 5" in bad.text
    assert (
        world.client_for(world.outsider).get(application.get_absolute_url()).status_code
        == 403
    )


def test_an_admitted_applicant_becomes_a_member_and_its_contact_is_invited(world, call):
    application = submitted(call)
    proposal = propose_admission(world, application)
    both_companies_vote_yes(world, proposal)
    decision = services.proposal_close(by=world.founder, proposal=proposal)
    organization = Organization.objects.get(name="Liuteria Sette")
    assert organization.status == "member"
    application.refresh_from_db()
    assert (application.state, application.organization) == ("admitted", organization)
    invitation = Invitation.objects.get(organization=organization)
    assert (invitation.email, invitation.role) == ("lia@example.org", "representative")
    assert decision.is_adopted


def test_admission_no_longer_applies_when_the_name_is_taken(world, call):
    application = submitted(call)
    proposal = propose_admission(world, application)
    services.ballot_cast(
        by=world.owner,
        proposal=proposal,
        organization=world.company,
        choice={"vote": "yes"},
    )
    make_company(
        by=world.founder, multifactory=world.multifactory, name="Liuteria Sette"
    )
    with pytest.raises(ValidationError) as error:
        services.proposal_close(
            by=world.founder, proposal=proposal, now=proposal.closes_at
        )
    assert "no longer applies" in error.value.messages[0]
