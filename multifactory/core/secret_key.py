"""Production never runs with the public default SECRET_KEY.

The key signs sessions, password-reset and invitation links, and derives
secret-ballot receipts: with the default, which is in this repository, anyone could
forge them. Settings still load with it (tests, `makemigrations` and other commands
run with DEBUG off and need no key), but every *server* start refuses it when DEBUG
is off: `multifactory.wsgi` (gunicorn, and `runserver`, which loads the same
application), `multifactory serve`, and the deploy check (`multifactory check
--deploy`).
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# A key shorter than this is guessable; Django's own deploy check wants 50.
MINIMUM_LENGTH = 32

HOW_TO_SET_ONE = (
    "Set SECRET_KEY in the environment to a long random value, for example the "
    "output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))' "
    "(or point SECRET_KEY_FILE at a file holding one; bin/serve keeps one in "
    "data/secret_key). See docs/deploy.md."
)
DEFAULT_KEY = (
    "multifactory will not start with DEBUG off and the public default SECRET_KEY: "
    "anyone could forge sessions, password-reset links and ballot receipts. "
)
SHORT_KEY = (
    f"multifactory will not start with DEBUG off and a SECRET_KEY shorter than "
    f"{MINIMUM_LENGTH} characters. "
)


def secret_key_problem() -> str | None:
    """Why the configured key may not serve requests, or None when it may."""
    if settings.DEBUG:
        return None
    key = settings.SECRET_KEY or ""
    if not key or key == settings.INSECURE_SECRET_KEY:
        return DEFAULT_KEY + HOW_TO_SET_ONE
    if len(key) < MINIMUM_LENGTH:
        return SHORT_KEY + HOW_TO_SET_ONE
    return None


def require_real_secret_key() -> None:
    """Refuse to serve: called where a server starts."""
    problem = secret_key_problem()
    if problem:
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    problem = secret_key_problem()
    return [checks.Error(problem, id="multifactory.E001")] if problem else []
