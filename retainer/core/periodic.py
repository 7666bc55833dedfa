"""A periodic check as a management command: run once (from cron or a systemd timer), or
keep running with --every SECONDS."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError


def periodic_command(check: Callable[[], str], *, help: str) -> type[BaseCommand]:
    """The command class for `check`, which runs once and returns what to print."""

    class Command(BaseCommand):
        def add_arguments(self, parser):
            parser.add_argument("--every", type=int, metavar="SECONDS",
                                help="keep running, checking every SECONDS (at least 30)")

        def handle(self, *args, every=None, **options):
            if every is not None and every < 30:
                raise CommandError("--every must be at least 30 seconds.")
            while True:
                self.stdout.write(check())
                if every is None:
                    return
                time.sleep(every)

    Command.help = help
    return Command
