"""Alert account managers about replies nearly due or overdue. Run it every few minutes
(cron, a systemd timer) or keep it running with --every."""

import time

from django.core.management.base import BaseCommand, CommandError

from retainer.conversations.alerts import reply_clocks_check


class Command(BaseCommand):
    help = "Notify account managers of replies nearly due or overdue (inside working hours)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="keep running, checking every SECONDS (at least 30)")

    def handle(self, *args, every=None, **options):
        if every is not None and every < 30:
            raise CommandError("--every must be at least 30 seconds.")
        while True:
            created = reply_clocks_check()
            self.stdout.write(f"{created} notification(s) created.")
            if every is None:
                return
            time.sleep(every)
