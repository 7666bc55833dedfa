"""Alert account managers about replies nearly due or overdue. Run it every few minutes
(cron, a systemd timer) or keep it running with --every."""

from retainer.conversations.alerts import reply_clocks_check
from retainer.core.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = "Notify account managers of replies nearly due or overdue (inside working hours)."

    def check_once(self) -> str:
        return f"{reply_clocks_check()} notification(s) created."
