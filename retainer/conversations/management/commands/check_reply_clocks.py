"""Alert account managers about replies nearly due or overdue. Run it every few minutes
(cron, a systemd timer) or keep it running with --every."""

from retainer.conversations.alerts import reply_clocks_check
from retainer.core.periodic import periodic_command

Command = periodic_command(
    lambda: f"{reply_clocks_check()} notification(s) created.",
    help="Notify account managers of replies nearly due or overdue (inside working hours).")
