import pytest


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Pages render {% static %} without a collectstatic manifest in tests."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The world fixture creates five accounts per test: keep hashing cheap."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
