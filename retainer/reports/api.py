from ninja import Router

reports_router = Router(tags=["reports"])
