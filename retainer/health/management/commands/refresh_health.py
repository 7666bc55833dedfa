"""Compute every client's health for the current month — or, with --months N, for the last
N months, the oldest first. Run it daily with the other periodic checks (cron, a systemd
timer); a drop into red opens the follow-up task and notifies the account manager."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from retainer.health.services import MAX_MONTHS, health_refresh_all


class Command(BaseCommand):
    help = "Compute the health score of every client for the current month (or the last N)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=1, metavar="N",
                            help=f"recompute the last N months, 1 to {MAX_MONTHS}")

    def handle(self, *args, months: int = 1, **options):
        try:
            written = health_refresh_all(months=months)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{written} health score(s) computed.")
