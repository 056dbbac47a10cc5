import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multifactory.settings")

from multifactory.core.secret_key import require_real_secret_key  # noqa: E402

# gunicorn and the development server both load this module: with DEBUG off, neither
# serves a single request under the public default key.
require_real_secret_key()
application = get_wsgi_application()
