from ninja import Router

dashboard_router = Router(tags=["dashboard"])
