"""The JSON API root: /api/, OpenAPI at /api/openapi.json, docs at /api/docs."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI

from retainer.agreements.api import agreements_router, deliverables_router
from retainer.audit.api import audit_router
from retainer.claims.api import claims_router
from retainer.clients.api import clients_router, contacts_router
from retainer.conflicts.api import conflicts_router
from retainer.conversations.api import interactions_router, threads_router, waiting_router
from retainer.core.api import AgencySessionAuth, BearerTokenAuth, FormInvalid
from retainer.core.forms import form_errors, validation_errors
from retainer.dashboard.api import dashboard_router
from retainer.health.api import health_router
from retainer.imports.api import imports_router
from retainer.lifecycle.api import lifecycle_router
from retainer.notifications.api import notifications_router
from retainer.prospects.api import prospects_router
from retainer.recovery.api import recovery_router
from retainer.reports.api import reports_router
from retainer.scope.api import register_router, requests_router
from retainer.touchpoints.api import touchpoints_router


class RetainerAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # Operation ids are the endpoint names (`create_client`), stable and readable.
        return operation.view_func.__name__


api = RetainerAPI(
    title="Retainer API",
    version="1",
    description="Clients, agreements and conversations of the agency you act in.",
    auth=[BearerTokenAuth(), AgencySessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(FormInvalid)
def on_form_invalid(request, exc: FormInvalid):
    return api.create_response(request, {"detail": form_errors(exc.form)}, status=422)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    """A service refused the input (after the form accepted its shape): 422, as a form."""
    return api.create_response(request, {"detail": validation_errors(exc)}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


api.add_router("/clients", clients_router)
api.add_router("/contacts", contacts_router)
api.add_router("/agreements", agreements_router)
api.add_router("/deliverables", deliverables_router)
api.add_router("/interactions", interactions_router)
api.add_router("/waiting", waiting_router)
api.add_router("/threads", threads_router)
api.add_router("/imports", imports_router)
api.add_router("/requests", requests_router)
api.add_router("/agreements", register_router)
api.add_router("/claims", claims_router)
api.add_router("/unhappy", recovery_router)
api.add_router("/conflicts", conflicts_router)
api.add_router("/lifecycle", lifecycle_router)
api.add_router("/touchpoints", touchpoints_router)
api.add_router("/notifications", notifications_router)
api.add_router("/health", health_router)
api.add_router("/reports", reports_router)
api.add_router("/prospects", prospects_router)
api.add_router("/dashboard", dashboard_router)
api.add_router("/audit", audit_router)
