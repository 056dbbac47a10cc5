"""`multifactory demo [--reset]`: load the demo multifactories (see community/demo.py)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models.deletion import ProtectedError

from multifactory.community import demo
from multifactory.community.demo_context import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load two demo multifactories (R84 in Mantua, about forty companies, and "
        "Risma11) with their people, mandates and invitations, then the demo data of "
        "every capability. Does nothing when the demo is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo multifactories and their people, then build them again.",
        )

    def handle(self, *args, reset: bool = False, **options):
        if demo.demo_exists() and not reset:
            self.stdout.write(
                "The demo is already loaded (use --reset to build it again)."
            )
            return
        started, parts = time.monotonic(), []
        try:
            context = demo.load(
                reset=reset,
                report=lambda part, seconds: parts.append(f"{part} {seconds:.1f}s"),
            )
        except ProtectedError as error:
            raise CommandError(
                "The demo people are still referenced by data outside the demo "
                f"multifactories, so --reset cannot delete them: {error}"
            ) from error
        if context is None:  # loaded by someone else in the meantime
            self.stdout.write(
                "The demo is already loaded (use --reset to build it again)."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {time.monotonic() - started:.1f}s: "
                f"{context.main.name} (/m/{context.main.slug}/) and "
                f"{context.second.name} (/m/{context.second.slug}/), "
                f"{len(context.companies)} companies, {len(context.people)} people. "
                f"Every demo person's password is “{DEMO_PASSWORD}”."
            )
        )
        self.stdout.write("Time per capability: " + ", ".join(parts))
