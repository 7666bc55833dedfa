from ninja import Router

touchpoints_router = Router(tags=["touchpoints"])
