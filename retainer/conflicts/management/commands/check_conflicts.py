"""Escalate conflict cases open longer than the agency's policy allows. Run it with the other
periodic checks (cron, a systemd timer: hourly is plenty) or keep it running with --every."""

from retainer.conflicts.services import conflicts_escalate
from retainer.core.periodic import periodic_command

Command = periodic_command(
    lambda: f"{conflicts_escalate()} conflict case(s) escalated.",
    help="Open a follow-up task for every conflict case open longer than the policy allows.")
