from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.api import api
from retainer.accounts.forms import LoginForm
from retainer.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", core_views.language_set, name="set_language"),
    path("api/", api.urls),
    path("", include("retainer.accounts.urls")),
    path("", include("retainer.policy.urls")),
    path("", include("retainer.clients.urls")),
    path("", include("retainer.agreements.urls")),
    path("", include("retainer.conversations.urls")),
    path("", include("retainer.imports.urls")),
    path("", include("retainer.notifications.urls")),
    path("", include("retainer.feeds.urls")),
    path("", include("retainer.scope.urls")),
    path("", include("retainer.scope.register_urls")),
    path("", include("retainer.worklist.urls")),
    path("", include("retainer.status.urls")),
    path("", include("retainer.claims.urls")),
    path("", include("retainer.recovery.urls")),
    path("", include("retainer.conflicts.urls")),
    path("", include("retainer.lifecycle.urls")),
    path("", include("retainer.touchpoints.urls")),
    path("", include("retainer.health.urls")),
    path("", include("retainer.reports.urls")),
    path("", include("retainer.prospects.urls")),
    path("", include("retainer.dashboard.urls")),
    path("", include("retainer.audit.urls")),
]

handler403 = "retainer.core.views.forbidden"
handler404 = "retainer.core.views.not_found"
handler500 = "retainer.core.views.server_error"
