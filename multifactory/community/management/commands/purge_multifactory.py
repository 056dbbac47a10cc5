"""`multifactory purge_multifactory SLUG`: delete a multifactory and its whole history.

The audit trail is append-only: deleting a multifactory any other way is refused.
This command is the deliberate path (community/purge.py). It asks the operator to
type the slug again unless --yes is given.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models.deletion import ProtectedError

from multifactory.community.models import Multifactory
from multifactory.community.purge import multifactory_purge


class Command(BaseCommand):
    help = (
        "Delete a multifactory with everything in it AND its whole audit trail. "
        "Irreversible: the history of the multifactory is lost. People stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the multifactory's short name, e.g. r84")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="do not ask to type the slug again (for scripts)",
        )

    def handle(self, *args, slug: str, yes: bool = False, **options):
        multifactory = Multifactory.objects.filter(slug=slug).first()
        if multifactory is None:
            raise CommandError(f"No multifactory has the slug “{slug}”.")
        if not yes:
            answer = input(
                f"This deletes {multifactory.name} and its whole audit trail, for "
                f"ever. Type its slug ({slug}) to go on: "
            )
            if answer.strip() != slug:
                raise CommandError("Nothing was deleted: the slug did not match.")
        try:
            purged = multifactory_purge(multifactory=multifactory)
        except ProtectedError as error:
            raise CommandError(
                f"{multifactory.name} is still referenced by data outside it, so it "
                f"cannot be deleted: {error}"
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {multifactory.name} ({slug}) and {purged} audit events."
            )
        )
