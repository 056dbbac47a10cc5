"""Settings for multifactory: one module, configured from the environment.

Every setting that an operator may change is read from an environment variable and
documented in docs/deploy.md.
"""

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DATA_DIR = Path(env("MULTIFACTORY_DATA_DIR", str(BASE_DIR.parent / "data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DEBUG = env_bool("DEBUG", False)
# The public default: fine on a laptop with DEBUG on; every server start with DEBUG
# off refuses it (multifactory.core.secret_key, and `check --deploy`).
INSECURE_SECRET_KEY = "insecure-development-key-change-me-in-production"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else from a file: the one SECRET_KEY_FILE
    names, else the one bin/serve keeps in the data folder."""
    if env("SECRET_KEY"):
        return env("SECRET_KEY")
    if env("SECRET_KEY_FILE"):
        try:
            return Path(env("SECRET_KEY_FILE")).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"SECRET_KEY_FILE names {env('SECRET_KEY_FILE')}, which cannot be "
                f"read ({error.strerror}). Point it at a readable file holding the key."
            ) from None
    with contextlib.suppress(OSError):
        return (DATA_DIR / "secret_key").read_text().strip() or INSECURE_SECRET_KEY
    return INSECURE_SECRET_KEY


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "axes",  # login lockout: failures per account and per address (docs/deploy.md)
    "ninja",  # serves Swagger UI's files for /api/v1/docs (no CDN)
    "multifactory.core",
    "multifactory.audit",
    "multifactory.community",
    "multifactory.place",
    "multifactory.doors",
    "multifactory.care",
    "multifactory.governance",
    "multifactory.notifications",
    "multifactory.api",
    "multifactory.site",  # the top: home, shell, the assembled API
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "multifactory.core.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "multifactory.urls"
WSGI_APPLICATION = "multifactory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "multifactory.site.context_processors.shell",
            ],
        },
    },
]

# SQLite in the local data folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'multifactory.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, which serializes writers
    # instead of failing them with "database is locked" half-way through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.Person"
AUTHENTICATION_BACKENDS = [
    # First: refuses every password while an account or an address is locked out.
    "multifactory.core.throttle.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("it", _("Italian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the page shell: site.css
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
# WhiteNoise warns on every start when STATIC_ROOT is missing (before the first
# collectstatic); an empty folder is harmless, like DATA_DIR above.
# A read-only deployment keeps its own, collected, folder.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploads are private: no address serves MEDIA_ROOT. Each is served by the view that
# checks who may see it (core/files.py); MEDIA_URL only names them internally.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
# nginx's internal location for MEDIA_ROOT (for example /protected-media/): the app
# then answers with X-Accel-Redirect and nginx sends the file. Empty: Django does.
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve static files from the app folders without collectstatic in development and
# tests; production runs collectstatic (docs/deploy.md).
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG

# No asset comes from anywhere but this server.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
# A site whose address is https:// sends its cookies over HTTPS only and tells
# browsers to come back over HTTPS only (HSTS); each can be overridden.
SITE_IS_HTTPS = SITE_URL.lower().startswith("https://")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", SITE_IS_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(
    env("HSTS_SECONDS", str(60 * 60 * 24 * 365) if SITE_IS_HTTPS else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
)

# E-mail: printed on the console unless EMAIL_HOST names an SMTP server.
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "multifactory <noreply@localhost>")

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

INVITATION_VALID_DAYS = int(env("INVITATION_VALID_DAYS", "14"))


def _caches(url: str) -> dict:
    """CACHE_URL: empty for files in the data folder (shared by the processes of one
    machine, no service to run), redis://… for several machines, locmem:// for one
    process."""
    if url.startswith(("redis://", "rediss://")):
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    elif url.startswith("locmem://"):
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    elif url:
        raise ImproperlyConfigured(
            f"CACHE_URL must start with redis://, rediss:// or locmem://, not {url!r}; "
            "leave it empty for the cache in the data folder."
        )
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    return {"default": backend | {"KEY_PREFIX": "multifactory"}}


# The cache holds the throttles' counters (core/throttle.py).
CACHES = _caches(env("CACHE_URL"))

# Throttles: "count/period" per client address unless the scope says otherwise
# (s, m, h, d; "10/15m" is ten per fifteen minutes). Documented in docs/deploy.md.
THROTTLE_RATES = {
    "password_reset": env("THROTTLE_PASSWORD_RESET", "10/h"),
    "password_reset_email": env("THROTTLE_PASSWORD_RESET_EMAIL", "3/h"),
    "invitation": env("THROTTLE_INVITATION", "30/h"),  # per inviting person
    "application": env("THROTTLE_APPLICATION", "10/h"),
    "access_check": env("THROTTLE_ACCESS_CHECK", "120/m"),
    "access_check_controller": env("THROTTLE_ACCESS_CHECK_CONTROLLER", "60/m"),
}

# Logins (django-axes, counted in the database so every process and machine sees the
# same failures): after LOGIN_FAILURE_LIMIT wrong passwords for one account, or from
# one address, in LOGIN_LOCKOUT_MINUTES, every login of that account or from that
# address is refused (429) until LOGIN_LOCKOUT_MINUTES pass without a new failure.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "multifactory.core.throttle.login_username"
AXES_CLIENT_IP_CALLABLE = "multifactory.core.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "multifactory.core.views.login_locked_out"
AXES_RESET_ON_SUCCESS = False  # a good password of one's own resets no address
AXES_DISABLE_ACCESS_LOG = True  # no login history of the members: not needed
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
