from ninja import Router

audit_router = Router(tags=["audit log"])
