"""A periodic check as a management command: run once (from cron or a systemd timer), or
keep running with --every SECONDS."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError


class PeriodicCommand(BaseCommand):
    def check_once(self) -> str:
        """Run the check; returns what to print."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="keep running, checking every SECONDS (at least 30)")

    def handle(self, *args, every=None, **options):
        if every is not None and every < 30:
            raise CommandError("--every must be at least 30 seconds.")
        while True:
            self.stdout.write(self.check_once())
            if every is None:
                return
            time.sleep(every)
