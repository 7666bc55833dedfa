"""What the triage flags are called in the interface."""

from django.utils.translation import gettext_lazy as _

FLAG_LABELS = {
    "request": _("request"),
    "claim": _("claim"),
    "threat": _("threat"),
    "urgency": _("urgent"),
    "status_check": _("status check"),
    "praise": _("praise"),
}
