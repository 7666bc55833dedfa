from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScopeConfig(AppConfig):
    name = "retainer.scope"
    label = "scope"
    verbose_name = _("requests and the discrepancy register")
