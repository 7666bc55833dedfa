from ninja import Router

lifecycle_router = Router(tags=["lifecycle"])
