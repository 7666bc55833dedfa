"""Remind account managers of past clients due a keep-in-touch. Run it with the other
periodic checks (hourly is plenty): outside the agency's working hours a run does nothing
and the first run of the next working window catches up."""

from retainer.core.periodic import periodic_command
from retainer.lifecycle.services import keep_in_touch_check

Command = periodic_command(
    lambda: f"{keep_in_touch_check()} keep-in-touch reminder(s) sent.",
    help="Notify account managers of past clients due a keep-in-touch (inside working hours).")
