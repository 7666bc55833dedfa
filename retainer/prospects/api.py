from ninja import Router

prospects_router = Router(tags=["prospects"])
