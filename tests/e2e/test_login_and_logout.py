"""Logging in through the real form, being refused, and logging out."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = pytest.mark.e2e


def log_in_with_the_form(page, email: str, password: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("#login-submit").click()


def test_a_person_logs_in_with_the_form_and_logs_out(page, url, world):
    page.goto(url("home"))
    page.locator("#nav-login").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")

    log_in_with_the_form(page, world.owner.email, PASSWORD)

    expect(page.locator("#logout-button")).to_be_visible()
    expect(page.locator(".nav-person")).to_contain_text("Olga")
    expect(page.locator("#my-multifactories")).to_contain_text("R84 Test")

    page.locator("#logout-button").click()

    expect(page.locator("#nav-login")).to_be_visible()
    expect(page.locator("#logout-button")).to_have_count(0)
    expect(page.locator("#my-multifactories")).to_have_count(0)
    # The session is over: members' pages ask to log in again.
    page.goto(url("community:people", mf=world.multifactory.slug))
    expect(page).to_have_url(re.compile(r"/login/\?next="))


def test_a_wrong_password_is_refused_with_a_message(page, url, world):
    page.goto(url("login"))

    log_in_with_the_form(page, world.owner.email, "not the password")

    expect(page.get_by_role("alert")).to_contain_text("correct e-mail and password")
    expect(page.locator("#logout-button")).to_have_count(0)


def test_a_page_for_members_asks_to_log_in_then_comes_back(page, url, world):
    people = url("community:people", mf=world.multifactory.slug)
    page.goto(people)
    expect(page).to_have_url(re.compile(r"/login/\?next="))

    log_in_with_the_form(page, world.member.email, PASSWORD)

    expect(page).to_have_url(people)
    expect(page.get_by_role("main")).to_contain_text("Olga Owner")
