"""`multifactory …`: Django's management commands for this project.

multifactory serve        run the development server on 127.0.0.1:8000
multifactory worker       run the background task worker
multifactory demo         load the demo multifactories
multifactory create_multifactory …
"""

import os
import sys

ALIASES = {"serve": "runserver", "worker": "db_worker"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multifactory.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    if len(args) > 1 and args[1] == "runserver":
        # Say it before the server starts, rather than in a traceback per request.
        from django.core.exceptions import ImproperlyConfigured

        from multifactory.core.secret_key import require_real_secret_key

        try:
            require_real_secret_key()
        except ImproperlyConfigured as error:
            sys.exit(str(error))
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
