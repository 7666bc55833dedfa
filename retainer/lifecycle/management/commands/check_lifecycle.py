"""Suggest lifecycle stages from the latest events. Run it with the other periodic checks
(cron, a systemd timer: daily is plenty) or keep it running with --every."""

from retainer.core.periodic import periodic_command
from retainer.lifecycle.services import lifecycle_check

Command = periodic_command(
    lambda: f"{lifecycle_check()} stage suggestion(s) made.",
    help="Suggest each client's next lifecycle stage from agreements, claims, conflicts and "
         "deliverables.")
