"""A form returned with errors says so everywhere a person looks: the page title,
a summary on top that links to each field at fault, and the field itself."""

import re

from django.urls import reverse
from django.utils import translation

from multifactory.core.templatetags.multifactory import ERROR_TITLE_PREFIX


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1]


def test_a_form_with_errors_gets_a_summary_that_links_to_the_field(world):
    response = world.client_for(world.member).post(
        reverse("api_token_create"), {"name": ""}
    )

    assert response.status_code == 400
    content = response.content.decode()
    summary = re.search(
        r'<div class="error-summary" role="alert">(.*?)</div>', content, re.S
    )
    assert summary, "no error summary"
    assert 'href="#id_name"' in summary[1]
    assert "Token name: This field is required." in summary[1]


def test_the_page_title_starts_with_error(world):
    response = world.client_for(world.member).post(
        reverse("api_token_create"), {"name": ""}
    )

    assert title(response).startswith(str(ERROR_TITLE_PREFIX))
    assert title(response).startswith("Error: ")


def test_the_title_says_error_in_italian_too(world):
    client = world.client_for(world.member)
    client.cookies["django_language"] = "it"
    with translation.override("it"):
        response = client.post(reverse("api_token_create"), {"name": ""})

    assert title(response).startswith("Errore: ")


def test_a_page_without_errors_has_a_plain_title_and_no_summary(world):
    response = world.client_for(world.member).get(reverse("profile"))

    assert not title(response).startswith("Error")
    assert "error-summary" not in response.content.decode()


def test_the_field_at_fault_is_marked_beyond_red_text(world):
    response = world.client_for(world.member).post(
        reverse("api_token_create"), {"name": ""}
    )

    content = response.content.decode()
    # The wrapper carries the bar and thick border (site.css), the input says invalid.
    assert re.search(
        r'<div class="field field-invalid">\s*<label for="id_name"', content
    )
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_name"', content)


def test_errors_of_the_whole_form_are_in_the_summary(world, client):
    """A wrong password is the form's error, not a field's: no link, still listed."""
    response = client.post(
        reverse("login"), {"username": "member@example.org", "password": "nope"}
    )

    content = response.content.decode()
    summary = re.search(
        r'<div class="error-summary" role="alert">(.*?)</div>', content, re.S
    )
    assert summary, "no error summary"
    assert "<li>Please enter a correct" in summary[1]
    assert title(response).startswith("Error: ")


def test_a_community_form_gets_the_summary_too(world):
    response = world.client_for(world.founder).post(
        reverse(
            "community:organization_create", kwargs={"mf": world.multifactory.slug}
        ),
        {"name": "", "kind": "artisan", "sector": "C", "stage": "growing"},
    )

    assert response.status_code == 400
    assert (
        '<a href="#id_name">Name: This field is required.</a>'
        in response.content.decode()
    )
    assert title(response).startswith("Error: ")


def test_a_checkbox_sits_before_its_label(world):
    response = world.client_for(world.owner).get(
        reverse(
            "community:organization_edit",
            kwargs={"mf": world.multifactory.slug, "org": world.company.slug},
        )
    )

    content = response.content.decode()
    assert re.search(
        r'<div class="checkbox-row"><input type="checkbox" name="is_public"[^>]*>'
        r' <label for="id_is_public">',
        content,
    )
