from django.core.management.base import BaseCommand

from multifactory.governance import services


class Command(BaseCommand):
    help = (
        "Open proposals whose voting starts, remind companies of proposals closing "
        "within 24 hours, close those whose window has ended. Run it every few "
        "minutes (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        done = services.proposals_tick()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in done.items()))
