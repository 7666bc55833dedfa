from ninja import Router

health_router = Router(tags=["health"])
