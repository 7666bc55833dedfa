"""Escalate conflict cases open longer than the agency's policy allows. Run it with the other
periodic checks (cron, a systemd timer: hourly is plenty) or keep it running with --every."""

import time

from django.core.management.base import BaseCommand, CommandError

from retainer.conflicts.services import conflicts_escalate


class Command(BaseCommand):
    help = "Open a follow-up task for every conflict case open longer than the policy allows."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="keep running, checking every SECONDS (at least 30)")

    def handle(self, *args, every=None, **options):
        if every is not None and every < 30:
            raise CommandError("--every must be at least 30 seconds.")
        while True:
            escalated = conflicts_escalate()
            self.stdout.write(f"{escalated} conflict case(s) escalated.")
            if every is None:
                return
            time.sleep(every)
