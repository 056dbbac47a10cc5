"""`multifactory send_digests`: queue the daily digest e-mails (run it from a timer)."""

from django.core.management.base import BaseCommand

from multifactory.notifications.tasks import digests_enqueue


class Command(BaseCommand):
    help = (
        "Queue a digest e-mail for every person with unread notifications of the last "
        "day that were not e-mailed; the task worker sends them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help="the period covered (default 24)"
        )

    def handle(self, *args, hours: int, **options):
        queued = digests_enqueue(hours=hours)
        self.stdout.write(f"Queued {queued} digest(s).")
