from django.conf import settings
from django.urls import reverse


def test_switching_language_stores_it_in_the_profile(world):
    client = world.client_for(world.member)
    response = client.post(reverse("language_set"), {"language": "it", "next": "/"})
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.language == "it"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"


def test_pages_render_in_italian_after_the_switch(world):
    client = world.client_for(world.member)
    client.post(reverse("language_set"), {"language": "it", "next": "/"})
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="it">' in content
    assert "Le tue multifactory" in content
    assert "Esci" in content


def test_a_visitor_switches_language_with_the_cookie_only(world):
    client = world.client_for(None)
    client.post(reverse("language_set"), {"language": "it", "next": "/"})
    content = client.get(
        reverse("community:directory", kwargs={"mf": world.multifactory.slug})
    ).content.decode()
    assert "Aziende" in content


def test_a_person_sees_their_stored_language_without_a_cookie(world):
    world.member.language = "it"
    world.member.save(update_fields=["language"])
    content = world.client_for(world.member).get(reverse("profile")).content.decode()
    assert "Il tuo profilo" in content


def test_an_unknown_language_changes_nothing(world):
    client = world.client_for(world.member)
    client.post(reverse("language_set"), {"language": "xx", "next": "/"})
    world.member.refresh_from_db()
    assert world.member.language == "en"


def test_it_does_not_redirect_to_another_site(world):
    response = world.client_for(world.member).post(
        reverse("language_set"), {"language": "it", "next": "https://evil.example/"}
    )
    assert "evil.example" not in response.get("Location", "")
