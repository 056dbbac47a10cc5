"""An assembly with a proxy, and a visitor applying to the open call."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from multifactory.governance import services
from multifactory.governance.models import Application, Assembly

pytestmark = pytest.mark.e2e


def test_a_proxy_given_on_the_page_counts_at_the_assembly(
    page, login, new_context, url, world
):
    assembly = services.assembly_convene(
        by=world.founder,
        multifactory=world.multifactory,
        title="Spring assembly",
        starts_at=timezone.now() + timedelta(days=8),
        agenda=["Budget"],
    )
    address = url("governance:assembly", mf=world.multifactory.slug, pk=assembly.pk)

    # Olga cannot come: Atelier Uno gives its proxy to Studio Due.
    login(world.owner)
    page.goto(address)
    form = page.locator("#proxy-atelier-uno")
    form.get_by_label("Atelier Uno gives its proxy to").select_option(
        label="Studio Due"
    )
    form.get_by_role("button", name="Give the proxy").click()
    expect(page.locator("#messages")).to_contain_text(
        "Atelier Uno gave its proxy to Studio Due."
    )
    expect(page.locator("#proxies")).to_contain_text("Atelier Uno → Studio Due")

    # The meeting begins (the notice rule had put it a week ahead): only from now on
    # can the facilitator record who came.
    Assembly.objects.filter(pk=assembly.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )
    # The facilitator records that only Studio Due came: Atelier Uno is represented.
    facilitator = new_context()
    login(world.founder, facilitator)
    facilitator_page = facilitator.new_page()
    facilitator_page.goto(address)
    attendance = facilitator_page.locator("#attendance-form")
    attendance.get_by_label("Studio Due").check()
    attendance.get_by_role("button", name="Record attendance").click()
    expect(facilitator_page.locator("#attendance")).to_contain_text(
        "Atelier Uno: Represented by proxy (Studio Due)"
    )
    expect(facilitator_page.locator("#assembly-quorum")).to_have_text("yes")


def test_a_visitor_applies_to_the_open_call(page, url, world):
    call = services.open_call_publish(
        by=world.founder,
        multifactory=world.multifactory,
        title="Two workshops free",
        who_we_look_for="Makers who share.",
        deadline=timezone.localdate() + timedelta(days=30),
    )
    page.goto(url("governance:open_call", mf=world.multifactory.slug, pk=call.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two workshops free")
    # The field for robots is not visible to people.
    expect(page.get_by_label("Leave this empty")).not_to_be_visible()
    page.get_by_label("Company").fill("Liuteria Sette")
    page.get_by_label("Kind").select_option("artist")
    page.get_by_label("Sector (NACE)").select_option("R")
    page.get_by_label("Stage").select_option("starting")
    page.get_by_label("What it produces").fill("Violins")
    page.get_by_label("Project proposal").fill("A violin maker's workshop.")
    page.get_by_label("Your name").fill("Lia Sette")
    page.get_by_label("E-mail").fill("lia@example.org")
    page.wait_for_timeout(3_100)  # a person takes more than 3 seconds
    page.locator("#application-submit").click()
    expect(page.locator("#messages")).to_contain_text("We sent you an e-mail")
    assert Application.objects.get().state == "unconfirmed"
