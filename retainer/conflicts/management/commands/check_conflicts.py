"""Escalate conflict cases open longer than the agency's policy allows. Run it with the other
periodic checks (cron, a systemd timer: hourly is plenty) or keep it running with --every."""

from retainer.conflicts.services import conflicts_escalate
from retainer.core.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = "Open a follow-up task for every conflict case open longer than the policy allows."

    def check_once(self) -> str:
        return f"{conflicts_escalate()} conflict case(s) escalated."
